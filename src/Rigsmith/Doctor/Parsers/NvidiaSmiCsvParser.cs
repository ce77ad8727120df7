using Rigsmith.Doctor.Observations;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// <c>nvidia-smi --query-gpu=... --format=csv</c> (with or without <c>nounits</c>): a header of query names, each
/// with its unit in brackets (<c>power.limit [W]</c>), then one row per GPU. Any subset of fields is read.
/// </summary>
public static class NvidiaSmiCsvParser
{
    /// <summary>The fields the doctor asks for when it runs nvidia-smi itself.</summary>
    public static readonly IReadOnlyList<string> QueryFields =
    [
        "index", "pci.bus_id", "name", "pcie.link.gen.current", "pcie.link.gen.max", "pcie.link.gen.gpumax",
        "pcie.link.width.current", "pcie.link.width.max", "power.limit", "power.default_limit", "power.draw",
        "temperature.gpu", "fan.speed", "utilization.gpu", "pstate", "clocks_event_reasons.hw_slowdown",
        "clocks_event_reasons.hw_thermal_slowdown", "clocks_event_reasons.hw_power_brake_slowdown",
        "clocks_event_reasons.sw_thermal_slowdown", "clocks_event_reasons.sw_power_cap",
    ];

    public static ParseResult<IReadOnlyList<GpuObservation>> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        var gpus = new List<GpuObservation>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0)
        {
            problems.Add(new ParseProblem(null, "empty: no header line"));
            return new ParseResult<IReadOnlyList<GpuObservation>>(gpus, problems);
        }

        var header = lines[headerLine].Split(',').Select(h => Name(h)).ToList();
        if (!header.Contains("name") && !header.Contains("pci.bus_id") && !header.Contains("index"))
            problems.Add(new ParseProblem(headerLine + 1, "the header names none of index, name or pci.bus_id"));

        for (var i = headerLine + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
                continue;
            var cells = lines[i].Split(',').Select(c => c.Trim()).ToList();
            if (cells.Count != header.Count)
                problems.Add(new ParseProblem(i + 1, $"{cells.Count} value(s) for {header.Count} column(s); reading those that line up"));
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < Math.Min(cells.Count, header.Count); c++)
                row[header[c]] = cells[c];
            gpus.Add(Read(row, gpus.Count, i + 1, problems));
        }

        if (gpus.Count == 0)
            problems.Add(new ParseProblem(headerLine + 1, "a header but no GPU rows"));
        return new ParseResult<IReadOnlyList<GpuObservation>>(gpus, problems);
    }

    /// <summary>"power.limit [W]" to "power.limit"; older drivers' clocks_throttle_reasons.* read as clocks_event_reasons.*.</summary>
    private static string Name(string column)
    {
        var name = column.Trim();
        var bracket = name.IndexOf(" [", StringComparison.Ordinal);
        name = bracket > 0 ? name[..bracket] : name;
        return name.Replace("clocks_throttle_reasons.", "clocks_event_reasons.", StringComparison.Ordinal);
    }

    private static GpuObservation Read(Dictionary<string, string> row, int position, int line, List<ParseProblem> problems)
    {
        string? Get(string key) => row.TryGetValue(key, out var v) ? v : null;
        var busId = Addresses.Normalise(Get("pci.bus_id"));
        if (Get("pci.bus_id") is { } written && busId is null)
            problems.Add(new ParseProblem(line, $"'{written}' is not a PCI bus id"));
        var reasons = row.Where(kv => kv.Key.StartsWith("clocks_event_reasons.", StringComparison.Ordinal) && kv.Value == "Active")
            .Select(kv => kv.Key["clocks_event_reasons.".Length..])
            .ToList();
        return new GpuObservation(
            Values.Integer(Get("index")) ?? position,
            busId,
            Get("name"),
            new LinkState(
                Values.Integer(Get("pcie.link.gen.current")),
                Values.Integer(Get("pcie.link.width.current")),
                Values.Integer(Get("pcie.link.gen.max")),
                Values.Integer(Get("pcie.link.width.max")),
                Values.Integer(Get("pcie.link.gen.gpumax"))),
            Values.Watts(Get("power.limit") ?? Get("enforced.power.limit")),
            Values.Watts(Get("power.default_limit")),
            Values.Watts(Get("power.draw") ?? Get("power.draw.average")),
            Values.Celsius(Get("temperature.gpu")),
            Values.Percent(Get("fan.speed")),
            Values.Percent(Get("utilization.gpu")),
            Get("pstate"),
            reasons);
    }
}
