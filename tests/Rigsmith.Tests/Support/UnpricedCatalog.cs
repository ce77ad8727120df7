using Rigsmith.Catalog;
using Rigsmith.Rigs;

namespace Rigsmith.Tests.Support;

/// <summary>
/// The shipped catalog with every price observation taken out, for tests about what lists say when parts have no
/// price (or only the prices a test gives them), whatever prices the catalog carries.
/// </summary>
public static class UnpricedCatalog
{
    private static readonly Lazy<PartCatalog> SharedParts = new(() => new PartCatalog(Repo.Catalog.All.Select(p => p with { Prices = [] })));

    private static readonly Lazy<string> SharedDirectory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), $"rigsmith-unpriced-catalog-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in System.IO.Directory.GetFiles(Repo.CatalogDirectory, "*.yaml"))
            File.WriteAllText(Path.Combine(directory, Path.GetFileName(file)), StripPrices(File.ReadAllText(file)));
        return directory;
    });

    /// <summary>The catalog's parts without prices.</summary>
    public static PartCatalog Parts => SharedParts.Value;

    /// <summary>A copy of the catalog directory without prices, for <c>--catalog</c> (written once per test run).</summary>
    public static string Directory => SharedDirectory.Value;

    public static RigModel LoadRig(string path)
    {
        var result = RigLoader.Load(path, Parts);
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Value!;
    }

    /// <summary>Drops each part's <c>prices:</c> block (a key of the part, its list indented under it or on following lines).</summary>
    public static string StripPrices(string yaml)
    {
        var kept = new List<string>();
        int? skipDeeperThan = null;
        foreach (var line in yaml.Split('\n'))
        {
            var indent = line.Length - line.TrimStart().Length;
            if (skipDeeperThan is { } level)
            {
                if (line.Trim().Length == 0 || indent > level || (indent == level && line.TrimStart().StartsWith("- ", StringComparison.Ordinal)))
                    continue;
                skipDeeperThan = null;
            }

            if (line.TrimStart().StartsWith("prices:", StringComparison.Ordinal))
            {
                skipDeeperThan = indent;
                continue;
            }

            kept.Add(line);
        }

        return string.Join('\n', kept);
    }
}
