using System.ComponentModel;
using Rigsmith.Analysis;
using Rigsmith.Cli.Formats;
using Rigsmith.Cli.Rendering;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Rigs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith check RIG.yaml</c>: the whole report. Exit 0 pass, 1 the rig has errors, 2 bad input.</summary>
public sealed class CheckCommand(CliIo io) : Command<CheckCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "<RIG>")]
        [Description("The rig file (YAML); - reads it from standard input.")]
        public string Rig { get; init; } = "";

        [CommandOption("-f|--format <FORMAT>")]
        [FormatsDescription("Output format", nameof(OutputFormats.Report))]
        [DefaultValue("text")]
        public string Format { get; init; } = "text";

        public override ValidationResult Validate() => OutputFormats.Report.Validate(Format);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), settings.Data());
        if (!loaded.Ok)
            return io.Fail(loaded.Problems);

        var report = Analyzer.Check(loaded.Value!.Rig, loaded.Value.Job);
        OutputFormats.Report.Get(settings.Format).Write(io, new ReportOutput(report, "rigsmith check"));

        return report.ExitCode;
    }
}
