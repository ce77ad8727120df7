using System.Globalization;
using System.Text.RegularExpressions;
using Rigsmith.Doctor.Observations;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// The kernel log (<c>dmesg</c> in any of its time formats, <c>journalctl -k</c>, syslog): the lines that say a GPU, a
/// PCIe link, a drive or a CPU is in trouble. The prefix before the message (timestamp, facility, host) is not parsed,
/// so every format reads alike; a Markdown quote prefix (<c>&gt; </c>) is dropped.
/// </summary>
public static partial class KernelLogParser
{
    public static ParseResult<IReadOnlyList<KernelEvent>> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        var events = new List<KernelEvent>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart('>', ' ').TrimEnd();
            if (line.Length == 0)
                continue;
            var number = i + 1;
            if (line.Contains("NVRM: Xid", StringComparison.Ordinal))
            {
                if (Xid().Match(line) is { Success: true } xid && int.TryParse(xid.Groups["code"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                    events.Add(new KernelEvent(KernelEventKind.Xid, number, Addresses.Normalise(xid.Groups["pci"].Value) ?? xid.Groups["pci"].Value, code, xid.Groups["rest"].Value.Trim()));
                else
                    problems.Add(new ParseProblem(number, "an Xid line without a readable PCI address and code"));
            }
            else if (Aer().Match(line) is { Success: true } aer)
                events.Add(new KernelEvent(KernelEventKind.PcieAer, number, Addresses.Normalise(aer.Groups["device"].Value)!, null, "PCIe Bus Error: severity=" + aer.Groups["severity"].Value.Trim()));
            else if (AtaReset().Match(line) is { Success: true } reset)
                events.Add(new KernelEvent(KernelEventKind.AtaLinkReset, number, reset.Groups["port"].Value, null, reset.Groups["what"].Value.Trim()));
            else if (AtaOffline().Match(line) is { Success: true } offline)
                events.Add(new KernelEvent(KernelEventKind.AtaDeviceOffline, number, offline.Groups["device"].Value, null, offline.Groups["what"].Value.Trim()));
            else if (NvmeReset().Match(line) is { Success: true } nvme)
                events.Add(new KernelEvent(KernelEventKind.NvmeReset, number, nvme.Groups["device"].Value, null, nvme.Groups["what"].Value.Trim()));
            else if (Thermal().Match(line) is { Success: true } thermal)
                events.Add(new KernelEvent(KernelEventKind.Thermal, number, thermal.Groups["device"].Value, null, thermal.Groups["what"].Value.Trim()));
        }

        return new ParseResult<IReadOnlyList<KernelEvent>>(events, problems);
    }

    /// <summary><c>NVRM: Xid (PCI:0000:9b:00): 119, pid=..., name=..., text</c>; the pid and name are absent on older drivers.</summary>
    [GeneratedRegex(@"NVRM: Xid \((?<pci>PCI:[0-9a-fA-F:.]+)\): (?<code>\d+),?(?<rest>.*)$")]
    private static partial Regex Xid();

    [GeneratedRegex(@"(?<device>[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]): (AER: )?PCIe Bus Error: severity=(?<severity>[^,]+)")]
    private static partial Regex Aer();

    /// <summary>libata's error handler resetting a port's link (<c>ata3: hard resetting link</c>, <c>ata3: COMRESET failed (errno=-16)</c>).</summary>
    [GeneratedRegex(@"\b(?<port>ata\d+)(\.\d+)?: (?<what>(hard |soft )?resetting link|COMRESET failed.*|link is slow to respond.*)$")]
    private static partial Regex AtaReset();

    /// <summary>A disk the kernel gave up on: libata disabling it, or the SCSI layer refusing I/O to it.</summary>
    [GeneratedRegex(@"\b(?<device>ata\d+\.\d+): (?<what>disabled)$|\b(?<device>sd \d+:\d+:\d+:\d+): (\[sd[a-z]+\] )?(?<what>rejecting I/O to offline device.*|Device offlined.*)$")]
    private static partial Regex AtaOffline();

    [GeneratedRegex(@"\bnvme (?<device>nvme\d+): (?<what>.*(reset|Removing after probe failure|controller is down).*)$")]
    private static partial Regex NvmeReset();

    [GeneratedRegex(@"\b(?<device>CPU\d+|thermal_zone\d+): (?<what>(Core|Package) temperature above threshold.*|critical temperature reached.*)$")]
    private static partial Regex Thermal();
}
