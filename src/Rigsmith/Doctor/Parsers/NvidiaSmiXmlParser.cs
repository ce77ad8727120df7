using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Rigsmith.Doctor.Observations;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// <c>nvidia-smi -q -x</c>: one <c>&lt;gpu&gt;</c> per card. Element names changed across the DTD versions seen (v9 to
/// v13): <c>clocks_throttle_reasons</c> became <c>clocks_event_reasons</c>, <c>power_readings</c> became
/// <c>gpu_power_readings</c> and <c>power_limit</c> became <c>current_power_limit</c>; both spellings are read.
/// </summary>
public static partial class NvidiaSmiXmlParser
{
    public static ParseResult<IReadOnlyList<GpuObservation>> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        var gpus = new List<GpuObservation>();
        XDocument? document = null;
        try
        {
            document = Load(text);
        }
        catch (XmlException e)
        {
            problems.Add(new ParseProblem(e.LineNumber > 0 ? e.LineNumber : null, $"not well-formed XML ({e.Message}); reading the complete <gpu> elements only"));
        }

        var elements = document is not null
            ? document.Root?.Elements("gpu").ToList() ?? []
            : CompleteGpuElements(text, problems);
        if (document is not null && document.Root?.Name != "nvidia_smi_log")
            problems.Add(new ParseProblem(1, $"root element is <{document.Root?.Name}>, not <nvidia_smi_log>"));

        foreach (var (gpu, i) in elements.Select((g, i) => (g, i)))
            gpus.Add(Read(gpu, i, problems));

        if (document?.Root?.Element("attached_gpus") is { } attached && Values.Integer(attached.Value) is { } count && count != gpus.Count)
            problems.Add(new ParseProblem(Line(attached), $"attached_gpus says {count} but the log has {gpus.Count} <gpu> element(s)"));
        if (gpus.Count == 0)
            problems.Add(new ParseProblem(null, "no <gpu> element found"));
        return new ParseResult<IReadOnlyList<GpuObservation>>(gpus, problems);
    }

    private static XDocument Load(string text)
    {
        // The DOCTYPE names a DTD that is not on disk; it is skipped, never fetched.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    /// <summary>A truncated or damaged log: each <c>&lt;gpu&gt;</c> element that is whole on its own.</summary>
    private static List<XElement> CompleteGpuElements(string text, List<ParseProblem> problems)
    {
        var result = new List<XElement>();
        foreach (Match m in GpuElement().Matches(text))
        {
            try
            {
                result.Add(XElement.Parse(m.Value, LoadOptions.SetLineInfo));
            }
            catch (XmlException e)
            {
                problems.Add(new ParseProblem(LineAt(text, m.Index), $"a <gpu> element could not be read ({e.Message})"));
            }
        }

        return result;
    }

    private static GpuObservation Read(XElement gpu, int index, List<ParseProblem> problems)
    {
        var busId = Addresses.Normalise(gpu.Attribute("id")?.Value) ?? Addresses.Normalise(gpu.Element("pci")?.Element("pci_bus_id")?.Value);
        if (busId is null)
            problems.Add(new ParseProblem(Line(gpu), $"GPU {index} has no PCI bus id"));
        var link = gpu.Element("pci")?.Element("pci_gpu_link_info");
        var gen = link?.Element("pcie_gen");
        var widths = link?.Element("link_widths");
        var power = gpu.Element("gpu_power_readings") ?? gpu.Element("power_readings");
        var reasons = gpu.Element("clocks_event_reasons") ?? gpu.Element("clocks_throttle_reasons");
        var active = reasons?.Elements()
            .Where(r => r.Value.Trim() == "Active")
            .Select(r => ReasonPrefix().Replace(r.Name.LocalName, ""))
            .ToList() ?? [];

        return new GpuObservation(
            index,
            busId,
            gpu.Element("product_name")?.Value.Trim(),
            new LinkState(
                Values.Integer(gen?.Element("current_link_gen")?.Value),
                Values.Integer(widths?.Element("current_link_width")?.Value),
                Values.Integer(gen?.Element("max_link_gen")?.Value),
                Values.Integer(widths?.Element("max_link_width")?.Value),
                Values.Integer(gen?.Element("max_device_link_gen")?.Value)),
            Values.Watts(power?.Element("current_power_limit")?.Value ?? power?.Element("power_limit")?.Value),
            Values.Watts(power?.Element("default_power_limit")?.Value),
            Values.Watts(power?.Element("power_draw")?.Value ?? power?.Element("average_power_draw")?.Value ?? power?.Element("instant_power_draw")?.Value),
            Values.Celsius(gpu.Element("temperature")?.Element("gpu_temp")?.Value),
            Values.Percent(gpu.Element("fan_speed")?.Value),
            Values.Percent(gpu.Element("utilization")?.Element("gpu_util")?.Value),
            gpu.Element("performance_state")?.Value.Trim(),
            active);
    }

    private static int? Line(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    private static int LineAt(string text, int offset) => text.AsSpan(0, offset).Count('\n') + 1;

    [GeneratedRegex(@"<gpu\b[^>]*>.*?</gpu>", RegexOptions.Singleline)]
    private static partial Regex GpuElement();

    [GeneratedRegex("^clocks_(event|throttle)_reason_")]
    private static partial Regex ReasonPrefix();
}
