using System.CommandLine;
using System.Globalization;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Doctor;
using Rigsmith.Doctor.Collection;
using Rigsmith.Input;
using Rigsmith.Planning;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith exporter [RIG.yaml] [--listen ADDR] [--interval S] [--from DIR]</c>: serves the doctor's readings, the
/// plan's values beside them and the active findings at <c>/metrics</c> for Prometheus. The HTTP server is its own
/// native binary, <c>rigsmith-exporter</c>, installed beside <c>rigsmith</c> (src/Rigsmith.Exporter explains why): this
/// command checks the arguments (bad input is one message and exit 2, as everywhere), then starts that binary with
/// them and waits for it. SIGINT and SIGTERM stop both.
/// </summary>
public sealed class ExporterCommand(CliIo io)
{
    /// <summary>The binary's file name beside <c>rigsmith</c>.</summary>
    public static readonly string BinaryName = OperatingSystem.IsWindows() ? "rigsmith-exporter.exe" : "rigsmith-exporter";

    /// <summary>Names the exporter binary when it is not beside <c>rigsmith</c> (a development build).</summary>
    public const string BinaryVariable = "RIGSMITH_EXPORTER";

    public static readonly CliCommand Definition = CliCommand.Leaf(
        "exporter",
        "Serve the machine's readings, the plan's values beside them and the doctor's findings at /metrics for Prometheus.",
        ["exporter examples/4x3090-x299-dark.rig.yaml", "exporter rig.yaml --listen 127.0.0.1:9469 --interval 15", "exporter --from captures/"],
        () =>
        [
            CliSymbols.RigArgument("The rig file (YAML) whose plan the machine is compared with; without it, health alone. - reads it from standard input.", required: false),
            CliSymbols.Text("--listen", "ADDR", "Where to serve /metrics: HOST:PORT, or :PORT for every interface.", $":{ListenAddress.DefaultPort}"),
            CliSymbols.Text("--interval", "S", "Seconds between readings of the machine (scrapes in between get the last reading).",
                ExporterInterval.DefaultSeconds.ToString(CultureInfo.InvariantCulture)),
            CliSymbols.Text("--from", "DIR", "Read the captures in this folder on each reading (written by 'rigsmith doctor --collect') instead of running the tools."),
        ],
        result => new Settings(result),
        (io, settings) => new ExporterCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string? Rig { get; } = result.GetValue<string>(CliSymbols.Rig);

        public string Listen { get; } = result.GetRequiredValue<string>("--listen");

        public string Interval { get; } = result.GetRequiredValue<string>("--interval");

        public string? From { get; } = result.GetValue<string>("--from");

        public override string? Validate() =>
            ListenAddress.Parse(Listen).Problem is { } listen ? "--listen: " + listen
            : ExporterInterval.Parse(Interval).Problem is { } interval ? "--interval: " + interval
            : null;
    }

    public int Execute(Settings settings)
    {
        byte[]? standardInput = null;
        if (settings.Rig is { } rigArgument)
        {
            if (CatalogSettings.IsStandardInput(rigArgument))
                standardInput = TextFiles.ReadAllBytes(io.In);
            var source = standardInput is null ? RigSource.File(rigArgument) : RigSource.Stream(new MemoryStream(standardInput), CatalogSettings.StandardInput);
            var loaded = RigInput.Load(source, settings.Data());
            if (!loaded.Ok)
                return io.Fail(loaded.Problems);
        }

        if (settings.From is { } folder)
        {
            if (CaptureCollector.ReadFolder(folder) is not { } captures)
                return io.Fail($"--from: the folder '{folder}' does not exist");
            if (captures.Count == 0)
                return io.Fail($"--from: the folder '{folder}' holds no captures");
        }

        var binary = Locate();
        if (!File.Exists(binary))
        {
            return io.Fail($"the exporter binary '{binary}' is not installed: publish src/Rigsmith.Exporter into the folder that holds rigsmith "
                + $"(.ci/run does), or name it with {BinaryVariable}");
        }

        var arguments = new List<string>();
        if (settings.Rig is { } rig)
            arguments.Add(rig);
        arguments.AddRange(["--listen", settings.Listen, "--interval", settings.Interval]);
        if (settings.From is { } from)
            arguments.AddRange(["--from", from]);
        arguments.AddRange(settings.DataArguments());
        // The exporter writes to the same standard output; what this process still holds in its buffer goes first.
        io.Out.Profile.Out.Writer.Flush();
        return SiblingBinary.Run(binary, arguments, standardInput);
    }

    /// <summary><c>$RIGSMITH_EXPORTER</c>, else <c>rigsmith-exporter</c> beside this binary.</summary>
    public static string Locate() => SiblingBinary.Locate(BinaryVariable, BinaryName);
}
