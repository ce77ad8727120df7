using Rigsmith.Input;
using YamlDotNet.RepresentationModel;

namespace Rigsmith.Catalog;

/// <summary>
/// Loads <c>catalog/**/*.yaml</c>. Each file is <c>category: gpu</c> plus <c>parts: [...]</c>. Loading is strict
/// and gathers every problem of every file in one pass.
/// </summary>
public static class CatalogLoader
{
    /// <summary>The strict load: every file read and checked, every problem reported. <c>catalog lint</c> always runs it;
    /// the other commands load through <see cref="CatalogSnapshot"/>, which runs it when the catalog has no index yet.</summary>
    public static LoadResult<PartCatalog> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            return NotFound(directory);
        var files = FilesOf(directory);
        return Load(directory, files, (i, sink) => YamlInput.LoadRootMapping(files[i], sink));
    }

    internal static LoadResult<PartCatalog> NotFound(string directory) =>
        LoadResult<PartCatalog>.Failure([new InputProblem(directory, 0, 0, "", "catalog directory not found", "pass --catalog DIR or set RIGSMITH_CATALOG")]);

    /// <summary>The catalog files of <paramref name="directory"/>, in the order they load.</summary>
    /// <remarks>Sorted in place rather than with Order(): the paths are distinct, so the order is the same, and a cold
    /// check never starts LINQ's sorting machinery (half a percent of it).</remarks>
    internal static IReadOnlyList<string> FilesOf(string directory)
    {
        var files = new List<string>(Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories));
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The strict load of <paramref name="files"/>, each opened by <paramref name="open"/> (by its index).</summary>
    internal static LoadResult<PartCatalog> Load(string directory, IReadOnlyList<string> files, Func<int, ProblemSink, YamlMappingNode?> open)
    {
        var problems = new List<InputProblem>();
        var parts = new List<Part>();
        for (var i = 0; i < files.Count; i++)
        {
            // Paths as the user gave the directory (or absolute, for the shipped catalog), never relative to where rigsmith runs.
            var sink = new ProblemSink(files[i]);
            var root = open(i, sink);
            if (root is not null)
                parts.AddRange(ReadFile(root, sink));
            problems.AddRange(sink.Problems);
        }

        problems.AddRange(DuplicateIds(parts));
        if (problems.Count == 0 && parts.Count == 0)
            problems.Add(new InputProblem(directory, 0, 0, "", "no parts found in this catalog directory", "point --catalog or RIGSMITH_CATALOG at a directory of catalog .yaml files"));
        return problems.Count > 0 ? LoadResult<PartCatalog>.Failure(problems) : LoadResult<PartCatalog>.Success(new PartCatalog(parts));
    }

    /// <summary>Reads one catalog file's parts; problems go to <paramref name="sink"/>.</summary>
    public static IReadOnlyList<Part> ReadFile(YamlMappingNode root, ProblemSink sink)
    {
        var file = new MapReader(root, "", sink);
        var category = file.Enum<PartCategory>("category");
        var entries = file.MapList("parts");
        file.Finish();
        if (category is null)
            return [];
        return ReadParts(category.Value, entries);
    }

    public static IReadOnlyList<Part> ReadParts(PartCategory category, IEnumerable<MapReader> entries)
    {
        var parts = new List<Part>();
        foreach (var entry in entries)
        {
            var part = PartReaders.Read(category, entry);
            if (part is not null)
                parts.Add(part);
        }

        return parts;
    }

    public static IEnumerable<InputProblem> DuplicateIds(IEnumerable<Part> parts) =>
        parts.GroupBy(p => p.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Skip(1).Select(p => ProblemAt(p.DefinedIn, "id",
                $"duplicate id '{g.Key}', first defined at {g.First().DefinedIn}", "give each part its own id")));

    private static InputProblem ProblemAt(string definedIn, string field, string message, string? suggestion)
    {
        // DefinedIn is "file:line".
        var colon = definedIn.LastIndexOf(':');
        var line = colon > 0 && int.TryParse(definedIn[(colon + 1)..], out var l) ? l : 0;
        var file = colon > 0 ? definedIn[..colon] : definedIn;
        return new InputProblem(file, line, 1, field, message, suggestion);
    }
}
