using System.Text.Json;
using Rigsmith.Input;

namespace Rigsmith.Catalog.OpenDb;

/// <summary>
/// The BuildCores OpenDB snapshot rigsmith's broad tier is made from: one JSON Lines file per category, each line one
/// upstream record (<c>open-db/&lt;Category&gt;/&lt;opendb_id&gt;.json</c>) at a pinned commit.
/// </summary>
public static class OpenDbSnapshot
{
    public const string Repository = "https://github.com/buildcores/buildcores-open-db";

    /// <summary>The upstream commit of the snapshot the shipped tier was made from (../shared/opendb/README.md).</summary>
    public const string PinnedCommit = "136a77aec16a30ba81a7cc6b448a8bace9a25359";

    /// <summary>The attribution the ODC-By licence asks of anything built from the database.</summary>
    public const string Attribution =
        "Contains data from the BuildCores OpenDB (https://github.com/buildcores/buildcores-open-db), made available under the ODC Attribution License (ODC-By 1.0).";

    /// <summary>The upstream file of one record ("GPU/0003d658-...") at the pinned commit.</summary>
    public static string RecordUrl(string reference) => $"{Repository}/blob/{PinnedCommit}/open-db/{reference}.json";

    /// <summary>The snapshot's files and the rigsmith category each becomes; coolers have no rigsmith category yet.</summary>
    public static readonly IReadOnlyList<(string File, PartCategory Category)> Files =
    [
        ("CPU", PartCategory.Cpu),
        ("Motherboard", PartCategory.Motherboard),
        ("RAM", PartCategory.Memory),
        ("GPU", PartCategory.Gpu),
        ("Storage", PartCategory.Storage),
        ("PSU", PartCategory.Psu),
        ("PCCase", PartCategory.Chassis),
    ];

    /// <summary>One record: its upstream category folder, line in the snapshot file, and JSON.</summary>
    public sealed record Record(string Folder, PartCategory Category, string File, int Line, JsonElement Json)
    {
        public string OpenDbId => Json.TryGetProperty("opendb_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";

        public string Reference => $"{Folder}/{OpenDbId}";
    }

    /// <summary>Every record of the snapshot in <paramref name="directory"/>, file by file; a line that is not a JSON object is a problem.</summary>
    public static LoadResult<List<Record>> Read(string directory)
    {
        var problems = new List<InputProblem>();
        var records = new List<Record>();
        if (!Directory.Exists(directory))
            return LoadResult<List<Record>>.Failure([new InputProblem(directory, 0, 0, "", "no such directory; give the folder holding the OpenDB snapshot's CPU.jsonl, GPU.jsonl, ...", null)]);
        foreach (var (folder, category) in Files)
        {
            var path = Path.Combine(directory, folder + ".jsonl");
            if (!File.Exists(path))
            {
                problems.Add(new InputProblem(path, 0, 0, "", "missing; the snapshot needs one JSON Lines file per category", null));
                continue;
            }

            var line = 0;
            foreach (var text in File.ReadLines(path))
            {
                line++;
                if (text.Length == 0)
                    continue;
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("opendb_id", out _))
                    {
                        problems.Add(new InputProblem(path, line, 1, "opendb_id", "not an OpenDB record (a JSON object with opendb_id)", null));
                        continue;
                    }

                    records.Add(new Record(folder, category, path, line, doc.RootElement.Clone()));
                }
                catch (JsonException e)
                {
                    problems.Add(new InputProblem(path, line, (int)(e.BytePositionInLine ?? 0) + 1, "", $"not JSON: {e.Message}", null));
                }
            }
        }

        return problems.Count > 0 ? LoadResult<List<Record>>.Failure(problems) : LoadResult<List<Record>>.Success(records);
    }
}
