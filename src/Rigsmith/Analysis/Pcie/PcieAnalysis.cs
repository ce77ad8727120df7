using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Planning.Pcie;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Pcie;

/// <summary>
/// PCIe topology: the CPU's lanes and the chipset's uplink, each slot's width for this CPU, lanes shared with storage
/// ports, risers and adapters, and the link every GPU and NVMe drive negotiates.
/// </summary>
public sealed class PcieAnalysis : IAnalysis
{
    public static readonly Rule NarrowLink = new("PCI301", Severity.Warning, "Link narrower than the card",
        "Each device's negotiated width against the width it supports: info when it keeps at least half its lanes (a GPU at x8), a warning below that (x4 or less).",
        "Board manuals (slot lane tables); https://en.wikipedia.org/wiki/PCI_Express");
    public static readonly Rule OlderGen = new("PCI302", Severity.Info, "Link at an older PCIe generation than the card",
        "Each device's PCIe generation against the slot's or port's: a Gen4 card in a Gen3 slot runs at half the per-lane rate.",
        "https://en.wikipedia.org/wiki/PCI_Express (per-lane rates)");
    public static readonly Rule LanesRequested = new("PCI303", Severity.Info, "Devices could use more lanes than the CPU has",
        "The lanes the CPU-attached devices support in total against the CPU's lanes: the board splits them, so some links run narrower.",
        "CPU spec pages (Intel ARK: 44 or 28 lanes on Core X)");
    public static readonly Rule LanesOverBudget = new("PCI304", Severity.Warning, "Links add up to more lanes than the CPU has",
        "The negotiated widths of CPU-attached links against the CPU's lanes: the board's wiring as entered cannot all be live at once (a catalog error, or a PCIe switch the catalog does not model).",
        "CPU spec pages; board manuals");
    public static readonly Rule SharedLanes = new("PCI305", Severity.Warning, "Storage port takes lanes from a slot",
        "A populated M.2/U.2 port that shares lanes with a slot or port narrows or disables it; an error when that leaves a GPU or drive without a link.",
        "Board manuals (M.2/slot sharing tables); https://www.easymanua.ls/msi/meg-x299-creation/manual?p=34");
    public static readonly Rule UplinkOversubscribed = new("PCI306", Severity.Warning, "Chipset uplink oversubscribed",
        "The summed bandwidth of chipset-attached NVMe links and SATA drives against the CPU–chipset uplink (X299: DMI 3.0 x4, about PCIe 3.0 x4 = 3.94 GB/s): a warning when the NVMe links alone exceed it, info when the SATA drives tip it over.",
        "https://hardwareluxx.de/index.php/artikel/hardware/mainboards/43770-asus-rog-strix-x299-e-gaming-im-test-rog-mainboard-fuer-skylake-x.html?start=1");
    public static readonly Rule RatedBelowLink = new("PCI307", Severity.Warning, "Riser or adapter rated below the link",
        "A riser cable's or adapter's rated PCIe generation against the generation the card and slot would otherwise run: an under-rated riser forces the lower generation or causes link errors.",
        "https://en.wikipedia.org/wiki/PCI_Express; riser and adapter product pages");
    public static readonly Rule WidthsAssumed = new("PCI310", Severity.Info, "Link widths rest on assumed board wiring",
        "Whether any device's link width comes from slot or port wiring that the catalog marks as assumed rather than cited.",
        "Catalog provenance (docs/rules.md)");

    public string Key => "pcie";
    public string Title => "PCIe";

    public IReadOnlyList<Rule> Rules { get; } = [NarrowLink, OlderGen, LanesRequested, LanesOverBudget, SharedLanes, UplinkOversubscribed, RatedBelowLink, WidthsAssumed];

    public AnalysisResult Run(AnalysisContext context)
    {
        var rig = context.Rig;
        var topology = context.Plan.Pcie;
        var findings = new List<Finding>();
        CheckLinks(rig, topology, findings);
        CheckBudget(rig, topology, findings);
        CheckSharing(rig, topology, findings);
        CheckUplink(rig, topology, findings);

        var assumed = topology.Links.SelectMany(l => l.RestsOn).Where(a => a.IsAssumed && a.PartId == rig.Board.Id).Distinct().ToList();
        if (assumed.Count > 0)
        {
            findings.Add(Finding.Of(WidthsAssumed,
                $"The link widths in this report rest on the {rig.Board.Name}'s slot and port wiring, which the catalog marks as assumed ({string.Join(", ", assumed.Select(a => a.Field))}).",
                "Check the board manual's lane table and correct the catalog entry; 'sudo lspci -vv' (LnkSta) shows the real widths once built.",
                [rig.Board.Id], assumed));
        }

        var figures = new List<Figure>
        {
            new("cpu_lanes", "CPU PCIe lanes", rig.Cpu.PcieLanes),
            new("cpu_gen", "CPU PCIe generation", rig.Cpu.PcieGen),
            new("lanes_used", "CPU lanes used by links", topology.CpuLanesUsed),
            new("lanes_available", "CPU lanes available", rig.Cpu.PcieLanes),
            new("lanes_requested", "CPU lanes the devices could use", topology.CpuLanesRequested),
            new("chipset_uplink_lanes", "Chipset uplink lanes", rig.Board.ChipsetUplinkLanes),
            new("chipset_uplink_gen", "Chipset uplink generation", rig.Board.ChipsetUplinkGen),
            new("chipset_uplink_gbps", "Chipset uplink bandwidth", Round(topology.UplinkBandwidth), "GB/s"),
            new("chipset_demand_gbps", "Chipset-attached device bandwidth", Round(topology.ChipsetDemandTotal), "GB/s"),
            new("widths_assumed", "Link widths rest on assumed wiring", assumed.Count > 0),
        };

        var devices = new ReportTable("devices", "PCIe links",
        [
            new("device", "Device"), new("part", "Part"), new("slot", "Slot/port"), new("source", "Lanes from"), new("link_gen", "Gen"), new("link_width", "Width"),
            new("max_gen", "Card gen"), new("max_width", "Card width"), new("bandwidth_gbps", "GB/s to host"), new("width_assumed", "Assumed"),
        ],
        topology.Links.Select(l => (IReadOnlyList<object?>)
        [
            l.Name, l.PartId, l.Attachment, SourceName(l.Source), l.HasLink ? l.Gen : null, l.Width, l.DeviceGen, l.DeviceWidth, Round(l.Bandwidth), l.WidthAssumed,
        ]).ToList());

        var slots = new ReportTable("slots", "Slot wiring",
        [
            new("slot", "Slot"), new("position", "Position"), new("gen", "Gen"), new("source", "Lanes from"), new("width", $"Width ({rig.Cpu.PcieLanes}-lane CPU)"),
        ],
        rig.Board.Slots.Select(s => (IReadOnlyList<object?>)[s.Id, s.Position, s.Gen, SourceName(s.Source), rig.LanesOf(s)]).ToList());

        return new AnalysisResult(Key, Title, findings, figures, [devices, slots]);
    }

    internal static string SourceName(LaneSource source) => source == LaneSource.Cpu ? "cpu" : "chipset";

    internal static double Round(GigabytesPerSecond value) => Math.Round(value.Value, 2);

    private static string Gbps(GigabytesPerSecond value) => value.Value.ToString("0.##", CultureInfo.InvariantCulture) + " GB/s";

    private static void CheckLinks(RigModel rig, PcieTopology topology, List<Finding> findings)
    {
        foreach (var link in topology.Links)
        {
            // No link at all is CMP131 (GPU in a dead slot) or CMP141 (dead port), or PCI305 when a port took the lanes.
            if (!link.HasLink)
                continue;

            if (link.Width < link.DeviceWidth)
            {
                var severity = link.Width * 2 >= link.DeviceWidth ? Severity.Info : Severity.Warning;
                var why = link.WiredWidth < link.DeviceWidth
                    ? $"{link.Attachment} is wired x{link.WiredWidth} with the {rig.Cpu.PcieLanes}-lane {rig.Cpu.Name}"
                    : $"{link.PathAdapter?.Name} carries {link.PathAdapter?.Lanes} lanes";
                var full = PcieMath.Bandwidth(link.Gen, link.DeviceWidth);
                findings.Add(Finding.Of(NarrowLink,
                    $"{link.Device} links at x{link.Width} of its x{link.DeviceWidth}: {why}; {Gbps(link.Bandwidth)} to the host instead of {Gbps(full)} at Gen{link.Gen}.",
                    link.Kind == PcieDeviceKind.Gpu
                        ? "Fine for training that rarely leaves the GPU; for data-parallel training give each GPU a wider slot, or use a CPU with more lanes."
                        : "Use a port or slot wired x4, or a CPU with more lanes.",
                    [link.PartId, rig.Board.Id], link.RestsOn, severity));
            }

            var pathGen = Math.Min(link.DeviceGen, link.HostGen);
            if (link.PathAdapter is { } adapter && adapter.RatedGen < pathGen)
            {
                findings.Add(Finding.Of(RatedBelowLink,
                    $"{link.Device}: {adapter.Name} is rated for PCIe {adapter.RatedGen}.0 but the card and {link.Attachment} would run Gen{pathGen}; expect link errors or a fallback to Gen{adapter.RatedGen} ({Gbps(link.Bandwidth)}).",
                    $"Set {link.Attachment} to Gen{adapter.RatedGen} in the BIOS, or use a riser rated for PCIe {pathGen}.0.",
                    [link.PartId, adapter.Id], link.RestsOn));
            }
        }

        foreach (var group in topology.Links.Where(l => l.HasLink && l.DeviceGen > l.HostGen).GroupBy(l => (l.DeviceGen, l.HostGen)))
        {
            var (deviceGen, hostGen) = group.Key;
            var rate = (int gen) => PcieMath.PerLane(gen).Value.ToString("0.###", CultureInfo.InvariantCulture);
            findings.Add(Finding.Of(OlderGen,
                $"{string.Join(", ", group.Select(l => l.Device))}: PCIe {deviceGen}.0 {(group.Count() == 1 ? "device" : "devices")} on Gen{hostGen} lanes run at {rate(hostGen)} GB/s per lane instead of {rate(deviceGen)}.",
                null, group.Select(l => l.PartId).Distinct().Append(rig.Board.Id), group.SelectMany(l => l.RestsOn)));
        }
    }

    private static void CheckBudget(RigModel rig, PcieTopology topology, List<Finding> findings)
    {
        var cpu = rig.Cpu;
        var cpuLinks = topology.Links.Where(l => l.Source == LaneSource.Cpu).ToList();
        var assumptions = cpuLinks.SelectMany(l => l.RestsOn).Where(a => a.PartId == rig.Board.Id);
        var split = string.Join(" + ", cpuLinks.Select(l => $"x{l.Width}"));
        if (topology.CpuLanesUsed > cpu.PcieLanes)
        {
            findings.Add(Finding.Of(LanesOverBudget,
                $"CPU-attached links add up to {topology.CpuLanesUsed} lanes ({split}); the {cpu.Name} has {cpu.PcieLanes}.",
                "Check the board's lane table for this CPU; some of these links will run narrower or not at all.",
                [cpu.Id, rig.Board.Id], assumptions));
        }
        else if (topology.CpuLanesRequested > cpu.PcieLanes)
        {
            findings.Add(Finding.Of(LanesRequested,
                $"The CPU-attached devices support {topology.CpuLanesRequested} lanes in total; the {cpu.Name} has {cpu.PcieLanes}, so the board gives them {split} = {topology.CpuLanesUsed}.",
                null, [cpu.Id, rig.Board.Id], assumptions));
        }
    }

    private static void CheckSharing(RigModel rig, PcieTopology topology, List<Finding> findings)
    {
        foreach (var share in topology.Shares)
        {
            var victims = topology.Links.Where(l => l.Attachment == share.Target).ToList();
            var lost = victims.Any(v => !v.HasLink);
            var who = victims.Count == 0 ? "nothing is installed there" : string.Join(", ", victims.Select(v => v.Device));
            var message = share.WidthAfter == 0
                ? $"Port {share.PortId} is in use and takes the lanes of {share.Target}, which goes dark ({who})."
                : $"Port {share.PortId} is in use and narrows {share.Target} from x{share.WidthBefore} to x{share.WidthAfter} ({who}).";
            findings.Add(Finding.Of(SharedLanes, message,
                $"Move the drive to a port that shares nothing with {share.Target}, or move the card.",
                [rig.Board.Id, .. victims.Select(v => v.PartId)], Evidence.Uncited(rig.Board, "ports", "slots"),
                lost ? Severity.Error : victims.Count == 0 ? Severity.Info : Severity.Warning));
        }
    }

    private static void CheckUplink(RigModel rig, PcieTopology topology, List<Finding> findings)
    {
        var demand = topology.ChipsetDemandTotal;
        if (demand <= topology.UplinkBandwidth)
            return;
        var board = rig.Board;
        var parts = string.Join(" + ", topology.ChipsetDemand.Select(d => $"{d.Device} {Gbps(d.Demand)}"));
        findings.Add(Finding.Of(UplinkOversubscribed,
            $"Chipset-attached devices can move {Gbps(demand)} ({parts}); the {board.Chipset} uplink carries {Gbps(topology.UplinkBandwidth)} (PCIe {board.ChipsetUplinkGen}.0 x{board.ChipsetUplinkLanes} equivalent). Run at once, they share it.",
            "Put the fastest NVMe drive on CPU lanes (a CPU-wired M.2/U.2 port or an adapter in a CPU slot), or accept the shared bandwidth.",
            [board.Id], Evidence.Uncited(board, "chipset_uplink", "ports"),
            topology.ChipsetPcieDemand > topology.UplinkBandwidth ? Severity.Warning : Severity.Info));
    }
}
