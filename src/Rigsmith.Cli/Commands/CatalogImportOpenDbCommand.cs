using System.CommandLine;
using Rigsmith.Catalog;
using Rigsmith.Catalog.OpenDb;
using Rigsmith.Cli.CommandLine;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith catalog import-opendb DIR</c>: converts a BuildCores OpenDB snapshot into the broad tier
/// (<c>catalog/opendb/parts.rsdb</c>) with the platform and chip tables of <c>data/opendb/</c>. Re-running it on the same
/// snapshot and tables writes the same content (its hash is printed). Exit 0 written, 2 bad input.
/// </summary>
public sealed class CatalogImportOpenDbCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "catalog import-opendb",
        "Convert a BuildCores OpenDB snapshot (one JSON Lines file per category) into the catalog's broad tier.",
        ["catalog import-opendb ../shared/opendb --facts data/opendb --out catalog/opendb/parts.rsdb"],
        () =>
        [
            CliSymbols.Argument("DIR", "The snapshot: CPU.jsonl, Motherboard.jsonl, RAM.jsonl, GPU.jsonl, Storage.jsonl, PSU.jsonl, PCCase.jsonl."),
            CliSymbols.Text("--facts", "DIR", "The platform and chip tables (platforms.yaml, gpu-chips.yaml); default data/opendb."),
            CliSymbols.Text("--out", "FILE", "Where to write the tier; default catalog/opendb/parts.rsdb. The curated catalog it joins is the folder above opendb/.", shortName: "-o"),
            CliSymbols.Text("--commit", "SHA", "The snapshot's upstream commit, recorded in the tier; default the pinned one."),
        ],
        result => new Settings(result),
        (io, settings) => new CatalogImportOpenDbCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Directory { get; } = result.GetRequiredValue<string>("DIR");

        public string Facts { get; } = result.GetValue<string>("--facts") ?? Path.Combine("data", "opendb");

        public string Out { get; } = result.GetValue<string>("--out") ?? Path.Combine("catalog", OpenDbTier.Folder, OpenDbTier.FileName);

        public string Commit { get; } = result.GetValue<string>("--commit") ?? OpenDbSnapshot.PinnedCommit;
    }

    public int Execute(Settings settings)
    {
        var facts = OpenDbFacts.Load(settings.Facts);
        if (!facts.Ok)
            return io.Fail(facts.Problems);
        var records = OpenDbSnapshot.Read(settings.Directory);
        if (!records.Ok)
            return io.Fail(records.Problems);

        // The curated catalog the tier joins (the folder above opendb/), read in full: its ids are reserved and its
        // parts find their OpenDB twins.
        var output = settings.Out;
        var curated = CatalogLoader.LoadDirectory(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(output)))!);
        if (!curated.Ok)
            return io.Fail(curated.Problems);
        var curatedParts = curated.Value!.All.ToList();

        var import = OpenDbImporter.Import(records.Value!, facts.Value!, curatedParts.Select(p => p.Id).ToHashSet(StringComparer.Ordinal));
        var twins = OpenDbTwins.Match(curatedParts, import.Parts);
        string hash;
        try
        {
            hash = OpenDbTier.Write(output, import, twins, settings.Commit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return io.Fail($"{output}: cannot write: {e.Message}");
        }

        var text = new System.Text.StringBuilder();
        text.AppendLine($"{output}: {import.Parts.Count} parts from {records.Value!.Count} records (content {hash[..16]})");
        foreach (var group in import.Parts.GroupBy(p => p.Part.Category).OrderBy(g => g.Key))
            text.AppendLine($"  {Rigsmith.Input.MapReader.EnumName(group.Key),-12} {group.Count(),6}");
        text.AppendLine($"{twins.Count} are curated parts too (the curated part wins); {import.Corrections.Count} OpenDB values overridden by platform facts");
        text.AppendLine($"{import.Skipped.Count} records skipped:");
        foreach (var group in import.Skipped.GroupBy(s => (s.Category, s.Reason)).OrderByDescending(g => g.Count()).Take(25))
            text.AppendLine($"  {group.Count(),5}  {Rigsmith.Input.MapReader.EnumName(group.Key.Category)}: {group.Key.Reason}");
        io.WriteRaw(text.ToString());
        return CliIo.Pass;
    }
}
