using System.Text.RegularExpressions;

namespace Rigsmith.Doctor.Collection;

/// <summary>The kinds of capture the doctor reads.</summary>
public enum CaptureKind { NvidiaSmiXml, NvidiaSmiCsv, NvidiaSmiTopo, Lspci, Smartctl, SmartctlScan, Sensors, KernelLog, SataLinkPolicy }

/// <summary>
/// Tells what a capture is from its content alone, so a folder of captures can be named anything (a user's
/// <c>gpu.txt</c>, a forum attachment's <c>log(1).txt</c>).
/// </summary>
public static partial class CaptureRecognizer
{
    public static CaptureKind? Recognise(string text)
    {
        var head = text.Length > 4096 ? text[..4096] : text;
        if (head.Contains("<nvidia_smi_log", StringComparison.Ordinal))
            return CaptureKind.NvidiaSmiXml;
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            if (text.Contains("\"json_format_version\"", StringComparison.Ordinal) || text.Contains("\"smartctl\"", StringComparison.Ordinal))
                return text.Contains("\"devices\"", StringComparison.Ordinal) && !text.Contains("\"device\"", StringComparison.Ordinal) ? CaptureKind.SmartctlScan : CaptureKind.Smartctl;
            if (text.Contains("\"Adapter\"", StringComparison.Ordinal))
                return CaptureKind.Sensors;
        }

        if (head.Contains("link_power_management_policy", StringComparison.Ordinal))
            return CaptureKind.SataLinkPolicy;
        if (text.Contains("CPU Affinity", StringComparison.Ordinal) && text.Contains("GPU0", StringComparison.Ordinal))
            return CaptureKind.NvidiaSmiTopo;
        if (LspciDevice().IsMatch(head) && (text.Contains("LnkCap:", StringComparison.Ordinal) || text.Contains("LnkSta:", StringComparison.Ordinal) || text.Contains("Kernel driver in use", StringComparison.Ordinal)))
            return CaptureKind.Lspci;
        var firstLine = trimmed.Split('\n', 2)[0];
        if (firstLine.Contains(',', StringComparison.Ordinal) && CsvHeader().IsMatch(firstLine))
            return CaptureKind.NvidiaSmiCsv;
        if (KernelLine().IsMatch(text))
            return CaptureKind.KernelLog;
        return null;
    }

    [GeneratedRegex(@"^([0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7] \S", RegexOptions.Multiline)]
    private static partial Regex LspciDevice();

    [GeneratedRegex(@"(^|,)\s*(index|name|pci\.bus_id|pcie\.link\.[a-z.]+|uuid)\s*(,|$)")]
    private static partial Regex CsvHeader();

    /// <summary>A kernel message the doctor reads, or the prefix every dmesg and journalctl line carries.</summary>
    [GeneratedRegex(@"NVRM:|\bata\d+(\.\d+)?: |\bnvme nvme\d+: |\bkernel: |^\[\s*\d+\.\d+\] |^kern\s*:", RegexOptions.Multiline)]
    private static partial Regex KernelLine();
}
