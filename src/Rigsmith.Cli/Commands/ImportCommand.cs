using System.CommandLine;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Input;
using Rigsmith.Publishing.Import;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith import FILE [--out RIG.yaml]</c>: a PCPartPicker export (Markdown or plain text) to a rig file. Lines it
/// could not match, matched with low confidence, or skipped are listed on stderr and in the file. Exit 0 imported, 2 bad input.
/// </summary>
public sealed class ImportCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "import",
        "Turn a PCPartPicker part-list export (Markdown or plain text) into a rig file; unmatched lines are listed.",
        ["import list.md --out my.rig.yaml"],
        () =>
        [
            CliSymbols.Argument("FILE", "PCPartPicker's Markdown (Reddit) or plain-text part-list export; - reads it from standard input."),
            CliSymbols.Text("--out", "RIG", "Write the rig file here instead of to stdout.", shortName: "-o"),
        ],
        result => new Settings(result),
        (io, settings) => new ImportCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string File { get; } = result.GetRequiredValue<string>("FILE");

        public string? Out { get; } = result.GetValue<string>("--out");
    }

    public int Execute(Settings settings)
    {
        var standardInput = CatalogSettings.IsStandardInput(settings.File);
        var name = standardInput ? CatalogSettings.StandardInput : settings.File;
        var sink = new ProblemSink(name);
        var text = standardInput ? TextFiles.Read(io.In, sink) : TextFiles.Read(settings.File, sink);
        if (text is null)
            return io.Fail(sink.Problems);

        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);

        var parsed = PcPartPickerParser.Parse(text, name);
        if (!parsed.Ok)
            return io.Fail(parsed.Problems);
        var result = RigFileImporter.Import(parsed.Value!, catalog.Value!, name);
        if (settings.Out is null)
        {
            io.WriteRaw(result.Yaml);
        }
        else
        {
            try
            {
                System.IO.File.WriteAllText(settings.Out, result.Yaml);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return io.Fail($"{settings.Out}: cannot write: {e.Message}");
            }
        }

        foreach (var line in result.Report)
            io.Error.WriteLine(line);
        if (catalog.Value!.BroadProblem is { } broken)
            io.Error.WriteLine("warning: " + broken);
        return CliIo.Pass;
    }
}
