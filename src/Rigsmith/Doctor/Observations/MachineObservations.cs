using Rigsmith.Doctor.Collection;
using Rigsmith.Doctor.Parsers;

namespace Rigsmith.Doctor.Observations;

/// <summary>One capture the doctor read (or tried to): its name, what it was recognised as, and what its parser met.</summary>
/// <param name="Kind">Null when the content matched no known capture.</param>
public sealed record CaptureInfo(string Name, CaptureKind? Kind, IReadOnlyList<ParseProblem> Problems);

/// <summary>
/// Everything read from the live machine, joined across captures: GPUs by PCI address (nvidia-smi's XML first, its
/// CSV filling what the XML lacks), the PCI tree, drives, sensors, kernel events and the SATA link policy.
/// </summary>
public sealed record MachineObservations(
    IReadOnlyList<CaptureInfo> Captures,
    IReadOnlyList<GpuObservation> Gpus,
    PciTree Pci,
    IReadOnlyList<DriveObservation> Drives,
    SensorReadings Sensors,
    IReadOnlyList<KernelEvent> KernelEvents,
    IReadOnlyList<SataLinkPolicy> SataPolicies,
    GpuTopology Topology)
{
    public static readonly MachineObservations Empty = new([], [], new PciTree([]), [], SensorReadings.Empty, [], [], GpuTopology.Empty);

    /// <summary>Whether any capture of the GPUs was read: without one, missing GPUs are not judged.</summary>
    public bool SawGpus => Captures.Any(c => c.Kind is CaptureKind.NvidiaSmiXml or CaptureKind.NvidiaSmiCsv || c.Kind == CaptureKind.Lspci);

    public bool SawNvidiaSmi => Captures.Any(c => c.Kind is CaptureKind.NvidiaSmiXml or CaptureKind.NvidiaSmiCsv);

    /// <summary>Reads each capture's text by its recognised kind and joins the results.</summary>
    public static MachineObservations Read(IEnumerable<(string Name, string Text)> captures)
    {
        var infos = new List<CaptureInfo>();
        var xmlGpus = new List<GpuObservation>();
        var csvGpus = new List<GpuObservation>();
        var pci = new List<PciDevice>();
        var drives = new List<DriveObservation>();
        var voltages = new List<VoltageReading>();
        var fans = new List<FanReading>();
        var temperatures = new List<TemperatureReading>();
        var events = new List<KernelEvent>();
        var policies = new List<SataLinkPolicy>();
        var topology = GpuTopology.Empty;
        foreach (var (name, text) in captures.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var kind = CaptureRecognizer.Recognise(text);
            IReadOnlyList<ParseProblem> problems;
            switch (kind)
            {
                case CaptureKind.NvidiaSmiXml:
                    var xml = NvidiaSmiXmlParser.Parse(text);
                    xmlGpus.AddRange(xml.Value);
                    problems = xml.Problems;
                    break;
                case CaptureKind.NvidiaSmiCsv:
                    var csv = NvidiaSmiCsvParser.Parse(text);
                    csvGpus.AddRange(csv.Value);
                    problems = csv.Problems;
                    break;
                case CaptureKind.NvidiaSmiTopo:
                    var topo = NvidiaSmiTopoParser.Parse(text);
                    topology = topo.Value.Gpus.Count > 0 ? topo.Value : topology;
                    problems = topo.Problems;
                    break;
                case CaptureKind.Lspci:
                    var lspci = LspciParser.Parse(text);
                    pci.AddRange(lspci.Value.Devices);
                    problems = lspci.Problems;
                    break;
                case CaptureKind.Smartctl:
                    var smart = SmartctlParser.Parse(text);
                    if (smart.Value is { } drive)
                        drives.Add(drive);
                    problems = smart.Problems;
                    break;
                case CaptureKind.SmartctlScan:
                    problems = SmartctlParser.ParseScan(text).Problems;
                    break;
                case CaptureKind.Sensors:
                    var sensors = SensorsParser.Parse(text);
                    voltages.AddRange(sensors.Value.Voltages);
                    fans.AddRange(sensors.Value.Fans);
                    temperatures.AddRange(sensors.Value.Temperatures);
                    problems = sensors.Problems;
                    break;
                case CaptureKind.KernelLog:
                    var log = KernelLogParser.Parse(text);
                    events.AddRange(log.Value);
                    problems = log.Problems;
                    break;
                case CaptureKind.SataLinkPolicy:
                    var policy = SataLinkPolicyParser.Parse(text);
                    policies.AddRange(policy.Value);
                    problems = policy.Problems;
                    break;
                default:
                    problems = [new ParseProblem(null, "not a capture the doctor knows (nvidia-smi, lspci, smartctl, sensors, kernel log); skipped")];
                    break;
            }

            infos.Add(new CaptureInfo(name, kind, problems));
        }

        return new MachineObservations(infos, JoinGpus(xmlGpus, csvGpus), new PciTree(pci.DistinctBy(d => d.Address).ToList()),
            drives.DistinctBy(d => (d.Device, d.Serial, d.Model)).ToList(), new SensorReadings(voltages, fans, temperatures), events, policies, topology);
    }

    /// <summary>Adds a capture that could not be taken (a missing tool, no permission), so the report says what is missing.</summary>
    public MachineObservations WithCapture(CaptureInfo capture) => this with { Captures = [.. Captures, capture] };

    /// <summary>GPUs by PCI address: the XML's reading, with the CSV's where the XML has none; in bus order.</summary>
    private static List<GpuObservation> JoinGpus(List<GpuObservation> xml, List<GpuObservation> csv)
    {
        var joined = new List<GpuObservation>();
        foreach (var gpu in xml.Concat(csv))
        {
            var same = gpu.BusId is null ? -1 : joined.FindIndex(g => g.BusId == gpu.BusId);
            if (same < 0)
            {
                joined.Add(gpu);
                continue;
            }

            var a = joined[same];
            joined[same] = a with
            {
                Name = a.Name ?? gpu.Name,
                Link = new LinkState(a.Link.CurrentGen ?? gpu.Link.CurrentGen, a.Link.CurrentWidth ?? gpu.Link.CurrentWidth, a.Link.MaxGen ?? gpu.Link.MaxGen,
                    a.Link.MaxWidth ?? gpu.Link.MaxWidth, a.Link.CardMaxGen ?? gpu.Link.CardMaxGen, a.Link.CardMaxWidth ?? gpu.Link.CardMaxWidth),
                PowerLimit = a.PowerLimit ?? gpu.PowerLimit,
                DefaultPowerLimit = a.DefaultPowerLimit ?? gpu.DefaultPowerLimit,
                PowerDraw = a.PowerDraw ?? gpu.PowerDraw,
                Temperature = a.Temperature ?? gpu.Temperature,
                FanSpeed = a.FanSpeed ?? gpu.FanSpeed,
                Utilization = a.Utilization ?? gpu.Utilization,
                PerformanceState = a.PerformanceState ?? gpu.PerformanceState,
                ThrottleReasons = [.. a.ThrottleReasons.Union(gpu.ThrottleReasons)],
            };
        }

        return [.. joined.OrderBy(g => g.BusId ?? "~", StringComparer.Ordinal).Select((g, i) => g with { Index = i })];
    }
}
