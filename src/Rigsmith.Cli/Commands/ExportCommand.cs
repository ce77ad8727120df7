using System.ComponentModel;
using Rigsmith.Analysis;
using Rigsmith.Cli.Formats;
using Rigsmith.Planning;
using Rigsmith.Publishing;
using Rigsmith.Reports;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Training.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith export RIG.yaml --to FORMAT [--out FILE]</c>: a build article, a part list, or the HTML report. Exit 0 written, 2 bad input.</summary>
public sealed class ExportCommand(CliIo io) : Command<ExportCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "<RIG>")]
        [Description("The rig file (YAML); - reads it from standard input.")]
        public string Rig { get; init; } = "";

        [CommandOption("-t|--to <FORMAT>")]
        [FormatsDescription("", nameof(OutputFormats.Export))]
        [DefaultValue("article")]
        public string To { get; init; } = "article";

        [CommandOption("-o|--out <FILE>")]
        [Description("Write here instead of to stdout.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() => OutputFormats.Export.Validate(To);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // The workload is resolved like check does, so the article and report carry the training analysis.
        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), settings.Data());
        if (!loaded.Ok)
            return io.Fail(loaded.Problems);
        var (rig, job) = (loaded.Value!.Rig, loaded.Value.Job);

        var text = OutputFormats.Export.Get(settings.To).Render(new ExportSource(rig, job));

        if (settings.Out is null)
        {
            io.WriteRaw(text);
            return CliIo.Pass;
        }

        try
        {
            File.WriteAllText(settings.Out, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return io.Fail($"{settings.Out}: cannot write: {e.Message}");
        }

        return CliIo.Pass;
    }
}
