using System.CommandLine;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith optimize SPEC.yaml [--out RIG.yaml] [--format text|json|markdown|html] [--prices FILE]</c>: the parts to buy
/// for a training job, proven best (docs/optimize.md). The solver, OR-Tools' CP-SAT, is a native library with a
/// protobuf model and lives in its own executable, <c>rigsmith-optimize</c> (src/Rigsmith.Optimizer), installed beside
/// <c>rigsmith</c>: this command checks the arguments (bad input is one message and exit 2), then starts it with them
/// and waits for it. SIGINT and SIGTERM stop the search, which answers with the best build found so far.
/// </summary>
public sealed class OptimizeCommand(CliIo io)
{
    public static readonly string BinaryName = OperatingSystem.IsWindows() ? "rigsmith-optimize.exe" : "rigsmith-optimize";

    /// <summary>Names the optimizer when it is not beside <c>rigsmith</c> (a development build).</summary>
    public const string BinaryVariable = "RIGSMITH_OPTIMIZE";

    /// <summary>The formats the optimizer writes; it renders them itself.</summary>
    public static readonly FormatRegistry<FileFormat<string>> Formats = new("--format",
        new("text", "the answer for the terminal", s => s),
        new("json", "the stable JSON of docs/json.md", s => s),
        new("markdown", "Markdown for a build log or an issue", s => s),
        new("html", "a self-contained page with the chart of cost against throughput", s => s));

    public static readonly CliCommand Definition = CliCommand.Leaf(
        "optimize",
        "The parts to buy for a training job, proven best: cheapest, fastest or best value within the spec's budget, site and limits.",
        ["optimize examples/sdxl-full-120v.optimize.yaml", "optimize examples/llama-8b-qlora-owned.optimize.yaml --out rig.yaml"],
        () =>
        [
            CliSymbols.Argument("SPEC", "The optimizer spec (YAML, docs/optimize.md): the workload, the objective and the constraints."),
            CliSymbols.Text("--out", "RIG", "Write the best build as a rig file here."),
            CliSymbols.Formats(Formats),
            CliSymbols.Prices(),
        ],
        result => new Settings(result),
        (io, settings) => new OptimizeCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Spec { get; } = result.GetRequiredValue<string>("SPEC");

        public string? Out { get; } = result.GetValue<string>("--out");

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Prices { get; } = result.GetValue<string>(CliSymbols.PricesOption);

        public override string? Validate() =>
            Formats.Validate(Format) ?? (Out is { Length: 0 } ? "--out: give a file name" : null);
    }

    public int Execute(Settings settings)
    {
        if (!File.Exists(settings.Spec))
            return io.Fail($"the spec file '{settings.Spec}' does not exist");
        if (settings.Prices is { } prices && !File.Exists(prices))
            return io.Fail($"--prices: the price book '{prices}' does not exist");
        var binary = SiblingBinary.Locate(BinaryVariable, BinaryName);
        if (!File.Exists(binary))
        {
            return io.Fail($"the optimizer '{binary}' is not installed: publish src/Rigsmith.Optimizer into the folder that holds rigsmith "
                + $"(.ci/run does), or name it with {BinaryVariable}");
        }

        var arguments = new List<string> { settings.Spec, "--format", settings.Format.ToLowerInvariant() };
        if (settings.Out is { } output)
            arguments.AddRange(["--out", output]);
        if (settings.Prices is { } book)
            arguments.AddRange(["--prices", book]);
        arguments.AddRange(settings.DataArguments());
        io.Out.Profile.Out.Writer.Flush();
        return SiblingBinary.Run(binary, arguments, standardInput: null);
    }
}
