using System.ComponentModel;
using Rigsmith.Analysis;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Cli.Rendering;
using Rigsmith.Reporting;
using Rigsmith.Rigs;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith power RIG.yaml</c>: only the power analysis and its findings. Exit 0 pass, 1 power errors, 2 bad input.</summary>
public sealed class PowerCommand(CliIo io) : Command<PowerCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "<RIG>")]
        [Description("The rig file (YAML).")]
        public string Rig { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);
        var rig = RigLoader.Load(settings.Rig, catalog.Value!);
        if (!rig.Ok)
            return io.Fail(rig.Problems);

        var report = new Report(rig.Value!, [new ElectricalAnalysis().Run(rig.Value!)]);
        switch (settings.Format)
        {
            case OutputFormat.Json:
                io.WriteRaw(JsonReport.Render(report));
                break;
            case OutputFormat.Markdown:
                io.WriteRaw(MarkdownReport.Render(report, "rigsmith power"));
                break;
            default:
                TerminalReport.Write(io.Out, report, "rigsmith power");
                break;
        }

        return report.ExitCode;
    }
}
