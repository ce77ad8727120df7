using System.CommandLine;
using Rigsmith.Analysis;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;
using Rigsmith.Doctor;
using Rigsmith.Doctor.Collection;
using Rigsmith.Planning;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith doctor [RIG.yaml] [--from DIR]</c>: the live machine's health, and with a rig file the machine against
/// its plan. Exit 0 no errors, 1 errors found, 2 bad input. <c>--collect DIR</c> only writes the captures.
/// </summary>
public sealed class DoctorCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "doctor",
        "Read the live machine (nvidia-smi, lspci, smartctl, sensors, kernel log) for faults and, with a rig file, against its plan.",
        ["doctor examples/4x3090-x299-dark.rig.yaml", "doctor --from captures/ --format json", "doctor --collect captures/"],
        () =>
        [
            CliSymbols.RigArgument("The rig file (YAML) to compare the machine with; without it, health alone. - reads it from standard input.", required: false),
            CliSymbols.Text("--from", "DIR", "Read captures from this folder (any file names; each is recognised by its content) instead of running the tools."),
            CliSymbols.Text("--collect", "DIR", "Run the tools and write their captures into this folder, for someone else to read with --from."),
            CliSymbols.Formats(OutputFormats.Doctor),
        ],
        result => new Settings(result),
        (io, settings) => new DoctorCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string? Rig { get; } = result.GetValue<string>(CliSymbols.Rig);

        public string? From { get; } = result.GetValue<string>("--from");

        public string? Collect { get; } = result.GetValue<string>("--collect");

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Validate() =>
            From is not null && Collect is not null ? "--from and --collect: use one (--collect writes captures, --from reads them)"
            : OutputFormats.Doctor.Validate(Format);
    }

    public int Execute(Settings settings)
    {
        if (!ToolsBinary.InProcess)
            return ToolsBinary.Run(io);

        if (settings.Collect is { } target)
        {
            var collected = CaptureCollector.Collect(new ProcessRunner());
            var written = CaptureCollector.Write(collected, target);
            io.WriteRaw($"rigsmith doctor: wrote {written.Count} capture(s) to {target}\n");
            foreach (var failed in collected.Where(c => c.Text is null))
                io.WriteRaw($"  not captured: {failed.Command}: {failed.Failure}\n");
            return CliIo.Pass;
        }

        AnalysisContext? plan = null;
        if (settings.Rig is { } rigArgument)
        {
            var loaded = RigInput.Load(CatalogSettings.RigSourceOf(rigArgument, io), settings.Data());
            if (!loaded.Ok)
                return io.Fail(loaded.Problems);
            plan = AnalysisContext.For(loaded.Value!.Rig, loaded.Value.Job);
        }

        Doctor.Observations.MachineObservations machine;
        if (settings.From is { } folder)
        {
            if (CaptureCollector.ReadFolder(folder) is not { } captures)
                return io.Fail($"--from: the folder '{folder}' does not exist");
            if (captures.Count == 0)
                return io.Fail($"--from: the folder '{folder}' holds no captures");
            machine = Doctor.Observations.MachineObservations.Read(captures);
        }
        else
        {
            machine = CaptureCollector.Observe(CaptureCollector.Collect(new ProcessRunner()));
        }

        var report = MachineDoctor.Examine(machine, plan);
        OutputFormats.Doctor.Get(settings.Format).Write(io, report);
        return report.ExitCode;
    }
}
