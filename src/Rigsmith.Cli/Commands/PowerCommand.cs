using System.CommandLine;
using Rigsmith.Analysis;
using Rigsmith.Analysis.Electrical;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;
using Rigsmith.Planning;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith power RIG.yaml</c>: only the power analysis and its findings. Exit 0 pass, 1 power errors, 2 bad input.</summary>
public sealed class PowerCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "power",
        "Power only: load, wall draw, transients, leads, the 12 V at the slots and the wall circuit.",
        ["power examples/4x3090-c9x299-rpgf.rig.yaml", "power examples/4x3090-x299-dark.rig.yaml --format json"],
        () => [CliSymbols.RigArgument(), CliSymbols.Formats(OutputFormats.Report)],
        result => new Settings(result),
        (io, settings) => new PowerCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Rig { get; } = result.GetRequiredValue<string>(CliSymbols.Rig);

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Validate() => OutputFormats.Report.Validate(Format);
    }

    public int Execute(Settings settings)
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
