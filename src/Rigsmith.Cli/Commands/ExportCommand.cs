using System.CommandLine;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;
using Rigsmith.Planning;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith export RIG.yaml --to FORMAT [--out FILE]</c>: a build article, a part list, or the HTML report. Exit 0 written, 2 bad input.</summary>
public sealed class ExportCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "export",
        "Publish a rig: a build article, a part list (pcpartpicker, reddit, bbcode, text, csv, json) or an HTML report with charts.",
        ["export examples/4x3090-x299-dark.rig.yaml --to article", "export examples/4x3090-x299-dark.rig.yaml --to html --out rig.html"],
        () =>
        [
            CliSymbols.RigArgument(),
            CliSymbols.Formats(OutputFormats.Export, "--to", "-t", lead: "", defaultValue: "article"),
            CliSymbols.Text("--out", "FILE", "Write here instead of to stdout.", shortName: "-o"),
            CliSymbols.Prices(),
        ],
        result => new Settings(result),
        (io, settings) => new ExportCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Rig { get; } = result.GetRequiredValue<string>(CliSymbols.Rig);

        public string To { get; } = result.GetRequiredValue<string>("--to");

        public string? Out { get; } = result.GetValue<string>("--out");

        public override string? Prices { get; } = result.GetValue<string>(CliSymbols.PricesOption);

        public override string? Validate() => OutputFormats.Export.Validate(To);
    }

    public int Execute(Settings settings)
    {
        if (!ToolsBinary.InProcess && OutputFormats.Export.Get(settings.To).InToolsBinary)
            return ToolsBinary.Run(io);

        // The workload is resolved like check does, so the article and report carry the training analysis.
        var data = settings.Data();
        var loaded = RigInput.Load(CatalogSettings.RigSourceOf(settings.Rig, io), data);
        if (!loaded.Ok)
            return io.Fail(loaded.Problems);
        var (rig, job) = (loaded.Value!.Rig, loaded.Value.Job);

        var text = OutputFormats.Export.Get(settings.To).Render(new ExportSource(rig, job, data.PriceBook));

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
