using Rigsmith.Catalog;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Planning.Pcie;

public enum PcieDeviceKind { Gpu, Nvme }

/// <summary>
/// One PCIe device's link to the host: where it sits, what each part of the path supports, and what it negotiates.
/// <c>Width</c> 0 means the device gets no link. <c>Device</c> is the full label for messages, <c>Name</c> the short one for tables.
/// </summary>
public sealed record PcieLink(
    string Device,
    string Name,
    string PartId,
    PcieDeviceKind Kind,
    string Attachment,
    LaneSource Source,
    int DeviceGen,
    int DeviceWidth,
    int HostGen,
    int WiredWidth,
    Adapter? PathAdapter,
    int Gen,
    int Width,
    GigabytesPerSecond Bandwidth,
    IReadOnlyList<UncitedInput> RestsOn)
{
    public bool HasLink => Width > 0;

    /// <summary>Whether the width or gen this link gets rests on an assumed board or device value (observed ones are not counted).</summary>
    public bool WidthAssumed => RestsOn.Any(v => v.IsAssumed);
}

/// <summary>A populated storage port that takes lanes from a slot or another port (the board's <c>shares_with</c>).</summary>
public sealed record LaneShare(string PortId, string Target, int WidthBefore, int WidthAfter);

/// <summary>The rig's PCIe tree: every device's link, lane sharing, and the chipset uplink.</summary>
public sealed record PcieTopology(
    IReadOnlyList<PcieLink> Links,
    IReadOnlyList<LaneShare> Shares,
    GigabytesPerSecond UplinkBandwidth,
    IReadOnlyList<(string Device, GigabytesPerSecond Demand)> ChipsetDemand)
{
    public IEnumerable<PcieLink> Gpus => Links.Where(l => l.Kind == PcieDeviceKind.Gpu);

    /// <summary>Lanes the CPU actually drives: the sum of the negotiated widths of CPU-attached links.</summary>
    public int CpuLanesUsed => Links.Where(l => l.Source == LaneSource.Cpu).Sum(l => l.Width);

    /// <summary>Lanes the CPU-attached devices could use if every slot were wired to their full width.</summary>
    public int CpuLanesRequested => Links.Where(l => l.Source == LaneSource.Cpu).Sum(l => l.DeviceWidth);

    /// <summary>What the chipset-attached PCIe links alone can move (SATA drives left out).</summary>
    public GigabytesPerSecond ChipsetPcieDemand => Links.Where(l => l.Source == LaneSource.Chipset && l.HasLink)
        .Aggregate(GigabytesPerSecond.From(0), (sum, l) => sum + PcieMath.Bandwidth(l.Gen, l.Width));

    public GigabytesPerSecond ChipsetDemandTotal => ChipsetDemand.Aggregate(GigabytesPerSecond.From(0), (sum, d) => sum + d.Demand);

    /// <summary>Builds the topology of a rig. Pure: the same rig always gives the same links.</summary>
    public static PcieTopology Build(RigModel rig)
    {
        PlanMetrics.Built(PlanMetrics.Pcie);
        var board = rig.Board;
        var slotWidth = board.Slots.ToDictionary(s => s.Id, rig.LanesOf, StringComparer.Ordinal);
        var portLanes = board.Ports.ToDictionary(p => p.Id, rig.LanesOf, StringComparer.Ordinal);
        var populatedPorts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in rig.Storage)
        {
            if (s.Attachment is DriveAttachment.Port p)
                populatedPorts.Add(p.BoardPort.Id);
        }

        var shares = ApplySharing(board, populatedPorts, slotWidth, portLanes);
        var boardSlotAssumptions = Evidence.Uncited(board, "slots").ToList();
        var boardPortAssumptions = Evidence.Uncited(board, "ports").ToList();
        var sharedAssumptions = shares.Count > 0 ? boardPortAssumptions : [];

        var links = new List<PcieLink>();
        foreach (var g in rig.Gpus)
        {
            var gpu = g.Gpu;
            var wired = slotWidth[g.Slot.Id];
            var (gen, width) = PcieMath.Negotiate(gpu.PcieGen, gpu.PcieWidth, g.Slot.Gen, wired, g.Riser?.RatedGen, g.Riser?.Lanes);
            var assumptions = boardSlotAssumptions.Concat(shares.Any(s => s.Target == g.Slot.Id) ? sharedAssumptions : [])
                .Concat(Evidence.Uncited(gpu, "pcie")).Concat(g.Riser is null ? [] : Evidence.Uncited(g.Riser, "rated_gen", "lanes")).Distinct().ToList();
            links.Add(new PcieLink(g.Label, $"GPU{g.Index}", gpu.Id, PcieDeviceKind.Gpu, g.Slot.Id, g.Slot.Source, gpu.PcieGen, gpu.PcieWidth, g.Slot.Gen, wired, g.Riser,
                gen, width, Capped(PcieMath.Bandwidth(gen, width), g.Slot.Source, board), assumptions));
        }

        var chipsetSata = new List<(string, GigabytesPerSecond)>();
        foreach (var s in rig.Storage)
        {
            var drive = s.Drive;
            switch (s.Attachment)
            {
                case DriveAttachment.Port(var port) when drive.Interface == StorageInterface.Nvme:
                    {
                        var (devGen, devWidth) = DriveLink(drive, port.Gen);
                        var wired = portLanes[port.Id];
                        var (gen, width) = PcieMath.Negotiate(devGen, devWidth, port.Gen, wired);
                        var assumptions = boardPortAssumptions.Concat(Evidence.Uncited(drive, "pcie")).Distinct().ToList();
                        links.Add(new PcieLink(s.Label, s.Label, drive.Id, PcieDeviceKind.Nvme, port.Id, port.Source, devGen, devWidth, port.Gen, wired, null,
                            gen, width, Capped(PcieMath.Bandwidth(gen, width), port.Source, board), assumptions));
                        break;
                    }

                case DriveAttachment.Port(var port):
                    // A SATA drive in an M.2 socket runs over the chipset's SATA controller.
                    chipsetSata.Add((s.Label, drive.SequentialRead));
                    break;
                case DriveAttachment.SataPort:
                    // Assumption: SATA ports hang off the chipset (true of X299, X570/X670, TRX40 boards' native SATA).
                    chipsetSata.Add((s.Label, drive.SequentialRead));
                    break;
                case DriveAttachment.Slot(var slot, var adapter) when drive.Interface == StorageInterface.Nvme:
                    {
                        var (devGen, devWidth) = DriveLink(drive, slot.Gen);
                        var wired = slotWidth[slot.Id];
                        var (gen, width) = PcieMath.Negotiate(devGen, devWidth, slot.Gen, wired, adapter?.RatedGen, adapter?.Lanes);
                        var assumptions = boardSlotAssumptions.Concat(Evidence.Uncited(drive, "pcie"))
                            .Concat(adapter is null ? [] : Evidence.Uncited(adapter, "rated_gen", "lanes")).Distinct().ToList();
                        links.Add(new PcieLink(s.Label, s.Label, drive.Id, PcieDeviceKind.Nvme, slot.Id, slot.Source, devGen, devWidth, slot.Gen, wired, adapter,
                            gen, width, Capped(PcieMath.Bandwidth(gen, width), slot.Source, board), assumptions));
                        break;
                    }

                default:
                    break;
            }
        }

        var uplink = PcieMath.Bandwidth(board.ChipsetUplinkGen, board.ChipsetUplinkLanes);
        var demand = links.Where(l => l.Source == LaneSource.Chipset && l.HasLink)
            .Select(l => (l.Device, PcieMath.Bandwidth(l.Gen, l.Width)))
            .Concat(chipsetSata)
            .ToList();
        return new PcieTopology(links, shares, uplink, demand);
    }

    /// <summary>A drive's own PCIe gen and lanes; a drive without them in the catalog is taken as x4 at the port's gen.</summary>
    /// <remarks>Assumption: NVMe drives are x4 unless the catalog says otherwise (M.2 and U.2 connectors carry four lanes).</remarks>
    private static (int Gen, int Width) DriveLink(Storage drive, int hostGen) => (drive.PcieGen ?? hostGen, drive.PcieLanes ?? 4);

    /// <summary>A chipset-attached device can move no more than the CPU–chipset uplink carries.</summary>
    private static GigabytesPerSecond Capped(GigabytesPerSecond link, LaneSource source, Motherboard board)
    {
        if (source != LaneSource.Chipset)
            return link;
        var uplink = PcieMath.Bandwidth(board.ChipsetUplinkGen, board.ChipsetUplinkLanes);
        return link < uplink ? link : uplink;
    }

    /// <summary>
    /// Each populated port with lanes takes its lanes from the slots and ports it shares with: the slot keeps the
    /// largest standard width left (an x16 slot drops to x8 under an x4 M.2; an x4 slot goes dark), a shared port goes dark.
    /// </summary>
    /// <remarks>Assumption: boards that share lanes either halve the slot or switch it off, as the MSI MEG X299 CREATION
    /// manual's M.2/slot table does (https://www.easymanua.ls/msi/meg-x299-creation/manual?p=34); a board whose manual
    /// says otherwise needs its own wiring entry.</remarks>
    private static List<LaneShare> ApplySharing(Motherboard board, IReadOnlySet<string> populatedPorts,
        Dictionary<string, int> slotWidth, Dictionary<string, int> portLanes)
    {
        var shares = new List<LaneShare>();
        foreach (var port in board.Ports.Where(p => populatedPorts.Contains(p.Id)))
        {
            var taken = portLanes[port.Id];
            if (taken == 0)
                continue;
            foreach (var target in port.SharesWith)
            {
                if (slotWidth.TryGetValue(target, out var before))
                {
                    var after = PcieMath.StandardWidth(before - taken);
                    if (after != before)
                    {
                        slotWidth[target] = after;
                        shares.Add(new LaneShare(port.Id, target, before, after));
                    }
                }
                else if (portLanes.TryGetValue(target, out var lanes) && lanes > 0 && populatedPorts.Contains(target))
                {
                    portLanes[target] = 0;
                    shares.Add(new LaneShare(port.Id, target, lanes, 0));
                }
            }
        }

        return shares;
    }
}
