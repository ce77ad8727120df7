using System.ComponentModel;
using Rigsmith.Analysis;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Cli.Formats;
using Rigsmith.Cli.Rendering;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Rigs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith power RIG.yaml</c>: only the power analysis and its findings. Exit 0 pass, 1 power errors, 2 bad input.</summary>
public sealed class PowerCommand(CliIo io) : Command<PowerCommand.Settings>
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
        // The workload does not change the power analysis, so it is not resolved (nor the model zoo read).
        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), settings.Data(), resolveWorkload: false);
        if (!loaded.Ok)
            return io.Fail(loaded.Problems);

        var report = Analyzer.Run(AnalysisContext.For(loaded.Value!.Rig), [new ElectricalAnalysis()]);
        OutputFormats.Report.Get(settings.Format).Write(io, new ReportOutput(report, "rigsmith power"));

        return report.ExitCode;
    }
}
