using Rigsmith.Doctor.Observations;
using Rigsmith.Doctor.Parsers;

namespace Rigsmith.Doctor.Collection;

/// <summary>One tool's capture: the file it is saved as, the command that made it, and its text or why there is none.</summary>
public sealed record ToolCapture(string FileName, string Command, string? Text, string? Failure);

/// <summary>
/// Runs the tools the doctor reads on this machine, each with a timeout, and turns their output into observations
/// (or writes it to a folder for someone else to read with <c>--from</c>). A tool that is missing or refused is
/// reported, not fatal.
/// </summary>
public static class CaptureCollector
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<ToolCapture> Collect(ICommandRunner runner, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var captures = new List<ToolCapture>
        {
            Run(runner, limit, "nvidia-smi-q-x.xml", "nvidia-smi", "-q", "-x"),
            Run(runner, limit, "nvidia-smi-query-gpu.csv", "nvidia-smi", $"--query-gpu={string.Join(',', NvidiaSmiCsvParser.QueryFields)}", "--format=csv"),
            Run(runner, limit, "nvidia-smi-topo.txt", "nvidia-smi", "topo", "-m"),
            Run(runner, limit, "lspci.txt", "lspci", "-vvv"),
            Run(runner, limit, "sensors.json", "sensors", "-j"),
            Run(runner, limit, "sata-link-power-management.txt", "sh", "-c", "grep . /sys/class/scsi_host/host*/link_power_management_policy"),
        };

        // dmesg can be restricted to root (kernel.dmesg_restrict); journalctl reads the same log for the systemd-journal group.
        var kernel = Run(runner, limit, "kernel.log", "dmesg");
        if (kernel.Failure is not null)
        {
            var journal = Run(runner, limit, "kernel.log", "journalctl", "-k", "-b", "--no-pager");
            kernel = journal.Failure is null ? journal : journal with { Failure = $"dmesg: {kernel.Failure}; journalctl: {journal.Failure}" };
        }

        captures.Add(kernel);

        var scan = Run(runner, limit, "smartctl-scan.json", "smartctl", "--scan", "-j");
        captures.Add(scan);
        if (scan.Text is not null)
        {
            foreach (var (device, type) in SmartctlParser.ParseScan(scan.Text).Value)
            {
                var name = "smartctl-" + device.Replace("/dev/", "", StringComparison.Ordinal).Replace('/', '-') + ".json";
                captures.Add(type is null ? Run(runner, limit, name, "smartctl", "-x", "-j", device) : Run(runner, limit, name, "smartctl", "-x", "-j", "-d", type, device));
            }
        }

        return captures;
    }

    /// <summary>The observations of a collection; each tool that gave nothing is listed with why.</summary>
    public static MachineObservations Observe(IReadOnlyList<ToolCapture> captures)
    {
        var machine = MachineObservations.Read(captures.Where(c => c.Text is not null).Select(c => (c.FileName, c.Text!)));
        foreach (var missing in captures.Where(c => c.Text is null))
            machine = machine.WithCapture(new CaptureInfo(missing.FileName, null, [new ParseProblem(null, $"'{missing.Command}' gave no capture: {missing.Failure}")]));
        return machine;
    }

    /// <summary>Writes each capture that has text into <paramref name="directory"/>, and a list of what failed.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<ToolCapture> captures, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var capture in captures.Where(c => c.Text is not null))
        {
            var path = Path.Combine(directory, capture.FileName);
            File.WriteAllText(path, capture.Text);
            written.Add(path);
        }

        return written;
    }

    /// <summary>
    /// Every file directly in <paramref name="directory"/> as text, whatever it is named; the doctor recognises each by
    /// its content. Null when the folder does not exist.
    /// </summary>
    public static IReadOnlyList<(string Name, string Text)>? ReadFolder(string directory)
    {
        if (!Directory.Exists(directory))
            return null;
        return Directory.GetFiles(directory).Order(StringComparer.Ordinal)
            .Where(f => new FileInfo(f).Length <= MaxCaptureBytes)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToList();
    }

    /// <summary>Larger files are not captures of one machine (a whole journal, a disk image) and are skipped.</summary>
    public const long MaxCaptureBytes = 64L * 1024 * 1024;

    private static ToolCapture Run(ICommandRunner runner, TimeSpan timeout, string fileName, string program, params string[] arguments)
    {
        var output = runner.Run(program, arguments, timeout);
        var command = string.Join(' ', arguments.Prepend(program));
        return new ToolCapture(fileName, command, output.Failure is null ? output.Output : null, output.Failure);
    }
}
