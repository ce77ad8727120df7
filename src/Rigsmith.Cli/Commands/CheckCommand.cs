using System.CommandLine;
using Rigsmith.Analysis;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;
using Rigsmith.Planning;
using Rigsmith.Publishing;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith check RIG.yaml</c>: the whole report. Exit 0 pass, 1 the rig has errors, 2 bad input.</summary>
public sealed class CheckCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "check",
        "Check a rig file: compatibility and every other analysis, with a verdict.",
        ["check examples/4x3090-x299-dark.rig.yaml", "check examples/4x3090-x299-dark.rig.yaml --format json"],
        () => [CliSymbols.RigArgument(), CliSymbols.Formats(OutputFormats.Report), CliSymbols.Prices()],
        result => new Settings(result),
        (io, settings) => new CheckCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Rig { get; } = result.GetRequiredValue<string>(CliSymbols.Rig);

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Prices { get; } = result.GetValue<string>(CliSymbols.PricesOption);

        public override string? Validate() => OutputFormats.Report.Validate(Format);
    }

    public int Execute(Settings settings)
    {
        var data = settings.Data();
        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), data);
        if (!loaded.Ok)
            return io.Fail(loaded.Problems);

        var report = Analyzer.Check(loaded.Value!.Rig, loaded.Value.Job);
        var cost = PartList.From(report.Rig, data.PriceBook);
        OutputFormats.Report.Get(settings.Format).Write(io, new ReportOutput(report, "rigsmith check", cost));

        return report.ExitCode;
    }
}
