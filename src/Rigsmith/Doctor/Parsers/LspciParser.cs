using System.Globalization;
using System.Text.RegularExpressions;
using Rigsmith.Doctor.Observations;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// <c>lspci -vvv</c>: one block per device, its address first. Reads each device's LnkCap (what it supports) and
/// LnkSta (what it negotiated), a bridge's secondary bus (to find the port above each card) and the AER status bits.
/// The "(downgraded)" note is read but not relied on: older pciutils print none, so LnkSta is compared with LnkCap.
/// </summary>
public static partial class LspciParser
{
    public static ParseResult<PciTree> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        var devices = new List<PciDevice>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var deniedReported = false;
        Block? block = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (DeviceLine().Match(line) is { Success: true } head)
            {
                if (block is not null)
                    devices.Add(block.ToDevice());
                var address = Addresses.Normalise(head.Groups["address"].Value);
                block = address is null ? null : new Block(address, head.Groups["description"].Value.Trim());
                continue;
            }

            if (block is null)
            {
                if (line.Trim().Length > 0 && devices.Count == 0 && i < 3)
                    problems.Add(new ParseProblem(i + 1, "text before the first device address is skipped"));
                continue;
            }

            var trimmed = line.Trim();
            if (trimmed.StartsWith("LnkCap:", StringComparison.Ordinal))
                (block.CapGen, block.CapWidth, _) = Link(trimmed, i + 1, problems);
            else if (trimmed.StartsWith("LnkSta:", StringComparison.Ordinal))
                (block.StatusGen, block.StatusWidth, block.Downgraded) = Link(trimmed, i + 1, problems);
            else if (SecondaryBus().Match(trimmed) is { Success: true } bus)
                block.SecondaryBus = int.Parse(bus.Groups["bus"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            else if (trimmed.StartsWith("CESta:", StringComparison.Ordinal))
                block.Correctable = Flags(trimmed);
            else if (trimmed.StartsWith("UESta:", StringComparison.Ordinal))
                block.Uncorrectable = Flags(trimmed);
            else if (trimmed.Contains("Express (", StringComparison.Ordinal) && (trimmed.Contains("Root Port", StringComparison.Ordinal) || trimmed.Contains("Downstream Port", StringComparison.Ordinal) || trimmed.Contains("Upstream Port", StringComparison.Ordinal)))
                block.IsPort = true;
            else if (trimmed.Contains("<access denied>", StringComparison.Ordinal) && !deniedReported)
            {
                deniedReported = true;
                problems.Add(new ParseProblem(i + 1, "capabilities show <access denied>: lspci needs root to print link capability and status"));
            }
        }

        if (block is not null)
            devices.Add(block.ToDevice());
        if (devices.Count == 0)
            problems.Add(new ParseProblem(null, "no PCI device found"));
        else if (!text.EndsWith('\n') && devices[^1].StatusGen is null)
            problems.Add(new ParseProblem(lines.Length, $"the last device ({devices[^1].Address}) ends before its link was printed: truncated?"));
        return new ParseResult<PciTree>(new PciTree(devices), problems);
    }

    /// <summary>"LnkSta: Speed 2.5GT/s (downgraded), Width x1 (downgraded)" to (1, 1, true).</summary>
    private static (int? Gen, int? Width, bool Downgraded) Link(string line, int number, List<ParseProblem> problems)
    {
        var speed = Speed().Match(line);
        var width = Width().Match(line);
        int? gen = speed.Success && double.TryParse(speed.Groups["rate"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? Values.GenerationOfRate(rate) : null;
        int? lanes = width.Success ? int.Parse(width.Groups["width"].Value, CultureInfo.InvariantCulture) : null;
        if (gen is null && !line.Contains("Speed unknown", StringComparison.Ordinal))
            problems.Add(new ParseProblem(number, $"no link speed in '{line}'"));
        if (lanes is null)
            problems.Add(new ParseProblem(number, $"no link width in '{line}'"));
        return (gen, lanes, line.Contains("(downgraded)", StringComparison.Ordinal));
    }

    /// <summary>The AER bits set in a status line ("RxErr+ BadTLP-" gives RxErr).</summary>
    private static List<string> Flags(string line) =>
        line[(line.IndexOf(':') + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f.EndsWith('+')).Select(f => f.TrimEnd('+')).ToList();

    private sealed class Block(string address, string description)
    {
        public int? CapGen, CapWidth, StatusGen, StatusWidth, SecondaryBus;
        public bool Downgraded, IsPort;
        public List<string> Correctable = [], Uncorrectable = [];

        public PciDevice ToDevice() => new(
            address, description, IsPort || SecondaryBus is not null || description.Contains("PCI bridge", StringComparison.OrdinalIgnoreCase),
            SecondaryBus, CapGen, CapWidth, StatusGen, StatusWidth, Downgraded, Correctable, Uncorrectable);
    }

    [GeneratedRegex(@"^(?<address>([0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])\s+(?<description>\S.*)$")]
    private static partial Regex DeviceLine();

    [GeneratedRegex(@"Speed (?<rate>[0-9.]+)GT/s")]
    private static partial Regex Speed();

    [GeneratedRegex(@"Width x(?<width>\d+)")]
    private static partial Regex Width();

    [GeneratedRegex(@"Bus: primary=[0-9a-fA-F]+, secondary=(?<bus>[0-9a-fA-F]+)")]
    private static partial Regex SecondaryBus();
}
