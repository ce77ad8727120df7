using Rigsmith.Catalog;
using Rigsmith.Rigs;

namespace Rigsmith.Tests.Support;

/// <summary>Paths into the repository and the shipped catalog, shared by tests.</summary>
public static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "rigsmith.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("tests must run inside the repository");
    });

    private static readonly Lazy<PartCatalog> SharedCuratedCatalog = new(() =>
    {
        var result = CatalogLoader.LoadDirectory(CatalogDirectory);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    });

    private static readonly Lazy<Rigsmith.Training.Models.ModelZoo> SharedZoo = new(() =>
    {
        var result = Rigsmith.Training.Models.ModelZoo.Load(Path.Combine(RootPath.Value, "models"));
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        // Every shipped model's file is read and checked once, so tests may Find any of them.
        var all = result.Value!.All;
        Assert.True(all.Ok, string.Join("\n", all.Problems));
        return result.Value!;
    });

    public static Rigsmith.Training.Models.ModelZoo Zoo => SharedZoo.Value;

    public static string Root => RootPath.Value;
    public static string CatalogDirectory => Path.Combine(Root, "catalog");
    public static string Example(string name) => Path.Combine(Root, "examples", name);
    public static string Docs(string name) => Path.Combine(Root, "docs", name);

    private static readonly Lazy<PartCatalog> SharedFullCatalog = new(() =>
        SharedCuratedCatalog.Value.WithBroad(() => Rigsmith.Catalog.OpenDb.OpenDbTier.OpenIn(CatalogDirectory)
            ?? throw new InvalidOperationException("catalog/opendb/parts.rsdb is missing; run rigsmith catalog import-opendb")));

    /// <summary>The shipped catalog as commands load it: the curated parts over the OpenDB tier, loaded once (it is immutable).</summary>
    public static PartCatalog Catalog => SharedFullCatalog.Value;

    /// <summary>The curated catalog alone (the YAML files), for tests about those files.</summary>
    public static PartCatalog CuratedCatalog => SharedCuratedCatalog.Value;

    /// <summary>The shipped catalog over its OpenDB tier (curated parts first), as commands load it.</summary>
    public static PartCatalog FullCatalog => SharedFullCatalog.Value;

    public static RigModel LoadRig(string exampleName)
    {
        var result = RigLoader.Load(Example(exampleName), Catalog);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    /// <summary>An example loaded through the same pipeline as the command line: parts resolved, workload resolved against the zoo.</summary>
    public static Rigsmith.Planning.LoadedRig LoadWithJob(string exampleName)
    {
        var result = Rigsmith.Planning.RigInput.Load(Rigsmith.Planning.RigSource.File(Example(exampleName)), Catalog, () => Rigsmith.Input.LoadResult<Rigsmith.Training.Models.ModelZoo>.Success(Zoo));
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    /// <summary>Parses rig YAML given inline; for tests that build their own rig.</summary>
    public static Rigsmith.Input.LoadResult<RigModel> ParseRig(string yaml) => RigLoader.Parse(yaml, "test.rig.yaml", Catalog);

    /// <summary>The reference rig's YAML with replacements applied, for variants built inside a test.</summary>
    public static string ReferenceYaml(params (string From, string To)[] replacements)
    {
        var text = File.ReadAllText(Example("4x3090-x299-dark.rig.yaml"));
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, text);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}
