using System.ComponentModel;
using Rigsmith.Input;
using Rigsmith.Publishing.Import;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith import FILE [--out RIG.yaml]</c>: a PCPartPicker export (Markdown or plain text) to a rig file. Lines it
/// could not match, matched with low confidence, or skipped are listed on stderr and in the file. Exit 0 imported, 2 bad input.
/// </summary>
public sealed class ImportCommand(CliIo io) : Command<ImportCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("PCPartPicker's Markdown (Reddit) or plain-text part-list export; - reads it from standard input.")]
        public string File { get; init; } = "";

        [CommandOption("-o|--out <RIG>")]
        [Description("Write the rig file here instead of to stdout.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sink = new ProblemSink(settings.File);
        var text = settings.File == CatalogSettings.StandardInput ? TextFiles.Read(io.In, sink) : TextFiles.Read(settings.File, sink);
        if (text is null)
            return io.Fail(sink.Problems);

        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);

        var parsed = PcPartPickerParser.Parse(text, settings.File);
        if (!parsed.Ok)
            return io.Fail(parsed.Problems);
        var result = RigFileImporter.Import(parsed.Value!, catalog.Value!, settings.File);
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
        return CliIo.Pass;
    }
}
