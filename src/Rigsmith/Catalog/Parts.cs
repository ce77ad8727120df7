using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Catalog;

public enum PartCategory
{
    Cpu,
    Motherboard,
    Memory,
    Gpu,
    Storage,
    Psu,
    Chassis,
    Adapter,
}

/// <summary>What every catalog entry has: a stable id, names, and where each of its values came from.</summary>
/// <remarks>The identity and provenance are set by the catalog reader after the category's own values are read.</remarks>
public abstract record Part
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Vendor { get; init; } = "";
    public abstract PartCategory Category { get; }
    public ProvenanceMap Provenance { get; init; } = ProvenanceMap.Empty;
    public IReadOnlyList<PriceObservation> Prices { get; init; } = [];
    public string? Notes { get; init; }
    /// <summary>The file and line that defined the part, for messages.</summary>
    public string DefinedIn { get; init; } = "";
}

public enum MemoryType { Ddr3, Ddr4, Ddr5 }

public enum ModuleKind { Udimm, Rdimm, Lrdimm, Sodimm }

/// <summary>What a CPU's memory controller supports (Intel ARK / AMD spec pages).</summary>
public sealed record MemorySupport(
    MemoryType Type,
    int Channels,
    MegaTransfers MaxSpeed,
    Bytes MaxCapacity,
    IReadOnlyList<ModuleKind> ModuleKinds,
    bool Ecc)
{
    /// <summary>
    /// Further memory types the controller takes (Alder Lake and Raptor Lake take DDR4 and DDR5; the board decides):
    /// <see cref="Type"/> is the first, with its rated speed.
    /// </summary>
    public IReadOnlyList<MemoryType> OtherTypes { get; init; } = [];

    public bool Takes(MemoryType type) => type == Type || OtherTypes.Contains(type);
}

public sealed record Cpu : Part
{
    public override PartCategory Category => PartCategory.Cpu;
    public required string Socket { get; init; }
    /// <summary>Platform family the boards' CPU-support lists name ("skylake-x", "xeon-w-2100").</summary>
    public required string Family { get; init; }
    public required int Cores { get; init; }
    public required Watts Tdp { get; init; }
    /// <summary>Sustained all-core package power under load (PL2 or measured); null when unknown.</summary>
    public Watts? LoadPower { get; init; }
    public required int PcieLanes { get; init; }
    public required int PcieGen { get; init; }
    public required MemorySupport Memory { get; init; }
}

public enum FormFactor { MiniItx, MicroAtx, Atx, Eatx, Ceb, Eeb, SsiEeb, SsiCeb, Xlatx }

public enum LaneSource { Cpu, Chipset }

/// <summary>One expansion slot: where it is, how big, and how many lanes it gets for each CPU lane count.</summary>
public sealed record ExpansionSlot(
    string Id,
    int Position,
    int MechanicalWidth,
    int Gen,
    LaneSource Source,
    IReadOnlyDictionary<int, int> WidthByCpuLanes,
    int Socket = 1)
{
    /// <summary>Electrical width with a CPU of <paramref name="cpuLanes"/> lanes; 0 when the slot is off.</summary>
    /// <remarks>Boards list widths for the lane classes of their socket (44/28/16 on X299). A CPU between two classes
    /// gets the wiring of the largest class it covers.</remarks>
    public int WidthFor(int cpuLanes)
    {
        if (WidthByCpuLanes.Count == 0)
            return 0;
        var fitting = WidthByCpuLanes.Keys.Where(k => k <= cpuLanes).DefaultIfEmpty(-1).Max();
        return fitting < 0 ? 0 : WidthByCpuLanes[fitting];
    }
}

public enum PortKind { M2, U2, Sata }

public enum StorageInterface { Nvme, Sata, Sas }

/// <summary>A storage port on the board: an M.2 socket, a U.2 connector, and what it shares lanes with.</summary>
public sealed record StoragePort(
    string Id,
    PortKind Kind,
    IReadOnlyList<StorageInterface> Interfaces,
    int Gen,
    LaneSource Source,
    IReadOnlyDictionary<int, int> LanesByCpuLanes,
    IReadOnlyList<string> SharesWith,
    int Socket = 1)
{
    public int LanesFor(int cpuLanes)
    {
        var fitting = LanesByCpuLanes.Keys.Where(k => k <= cpuLanes).DefaultIfEmpty(-1).Max();
        return fitting < 0 ? 0 : LanesByCpuLanes[fitting];
    }
}

/// <summary>Power inputs on the board: the 24-pin, CPU EPS headers, and headers that feed only the PCIe slots.</summary>
public sealed record BoardPower(int Eps8, int Eps4, IReadOnlyList<PowerConnector> SlotPower);

public sealed record Motherboard : Part
{
    public override PartCategory Category => PartCategory.Motherboard;
    public required string Socket { get; init; }
    /// <summary>CPU sockets on the board; slots and ports say which socket's lanes feed them.</summary>
    public int Sockets { get; init; } = 1;
    public required string Chipset { get; init; }
    public required FormFactor FormFactor { get; init; }
    public required IReadOnlyList<string> CpuFamilies { get; init; }
    public required MemoryType MemoryType { get; init; }
    public required int DimmSlots { get; init; }
    public required Bytes MaxMemory { get; init; }
    public required MegaTransfers MaxMemorySpeed { get; init; }
    public required IReadOnlyList<ModuleKind> ModuleKinds { get; init; }
    public required IReadOnlyList<ExpansionSlot> Slots { get; init; }
    public required IReadOnlyList<StoragePort> Ports { get; init; }
    public required int SataPorts { get; init; }
    public required BoardPower Power { get; init; }
    /// <summary>Lanes and generation of the CPU–chipset link (DMI 3.0 x4 ≈ PCIe 3.0 x4).</summary>
    public required int ChipsetUplinkLanes { get; init; }
    public required int ChipsetUplinkGen { get; init; }
}

public sealed record MemoryModule : Part
{
    public override PartCategory Category => PartCategory.Memory;
    public required MemoryType Type { get; init; }
    public required ModuleKind Kind { get; init; }
    public required Bytes Capacity { get; init; }
    public required MegaTransfers Speed { get; init; }
    public required int CasLatency { get; init; }
    public required int Ranks { get; init; }
    /// <summary>DRAM die density in gigabits; 32 Gbit DDR4 dies are rare and picky.</summary>
    public int? DieDensityGbit { get; init; }
    public required bool StackedDie { get; init; }
    public required Volts Voltage { get; init; }
    public required bool Ecc { get; init; }
    public required int KitSize { get; init; }
}

public enum Cooler { Blower, OpenAir, Passive, Liquid }

public sealed record Gpu : Part
{
    public override PartCategory Category => PartCategory.Gpu;
    public required string Chip { get; init; }
    public required Watts BoardPower { get; init; }
    public required Watts PowerLimitMin { get; init; }
    public required Watts PowerLimitMax { get; init; }
    public required IReadOnlyList<PowerConnector> PowerConnectors { get; init; }
    /// <summary>12 V power drawn through the PCIe slot at board power.</summary>
    public required Watts SlotPower { get; init; }
    public required Slots Thickness { get; init; }
    public required Millimeters Length { get; init; }
    public required Millimeters Height { get; init; }
    public required Cooler Cooler { get; init; }
    public required Bytes Vram { get; init; }
    public required GigabytesPerSecond MemoryBandwidth { get; init; }
    /// <summary>Dense BF16 tensor throughput; GeForce rates with FP32 accumulate. Null: no BF16 support.</summary>
    public TeraFlops? TensorBf16 { get; init; }
    /// <summary>Dense FP16 tensor throughput with FP32 accumulate.</summary>
    public required TeraFlops TensorFp16 { get; init; }
    public required int PcieGen { get; init; }
    public required int PcieWidth { get; init; }
    /// <summary>NVLink bandwidth per direction; null when the card has no NVLink.</summary>
    public GigabytesPerSecond? NvlinkBandwidth { get; init; }
    public required bool PeerToPeer { get; init; }
}

public enum StorageForm { M2, U2, Sata25, Sata35, AddInCard }

public sealed record Storage : Part
{
    public override PartCategory Category => PartCategory.Storage;
    public required StorageInterface Interface { get; init; }
    public required StorageForm Form { get; init; }
    public int? PcieGen { get; init; }
    public int? PcieLanes { get; init; }
    public required Bytes Capacity { get; init; }
    public required Watts ActivePower { get; init; }
    public required Watts IdlePower { get; init; }
    public required GigabytesPerSecond SequentialRead { get; init; }
}

public enum EfficiencyRating { None, Standard, Bronze, Silver, Gold, Platinum, Titanium }

/// <summary>A run of cables of one connector type: <c>Cables</c> cords, each with <c>PerCable</c> plugs (daisy-chained).</summary>
public sealed record PsuCable(PowerConnector Connector, int Cables, int PerCable);

public sealed record Psu : Part
{
    public override PartCategory Category => PartCategory.Psu;
    public required Watts Wattage { get; init; }
    /// <summary>Rated output at 100–127 V mains when it is lower than <see cref="Wattage"/>.</summary>
    public Watts? WattageLowLine { get; init; }
    public required Volts InputMin { get; init; }
    public required Volts InputMax { get; init; }
    public required EfficiencyRating Efficiency { get; init; }
    /// <summary>The ATX version whose transient (excursion) test the unit passes; null for none or unknown.</summary>
    public string? AtxVersion { get; init; }
    public required IReadOnlyList<PsuCable> Cables { get; init; }

    /// <summary>Plugs of <paramref name="connector"/> on all the unit's leads (a lead may carry two, daisy-chained).</summary>
    public int Plugs(PowerConnector connector) => Cables.Where(c => c.Connector == connector).Sum(c => c.Cables * c.PerCable);
}

public enum ChassisKind { Tower, OpenFrame, Benchtable, Rackmount }

public sealed record Chassis : Part
{
    public override PartCategory Category => PartCategory.Chassis;
    public required ChassisKind Kind { get; init; }
    public required IReadOnlyList<FormFactor> FormFactors { get; init; }
    public required int ExpansionSlots { get; init; }
    public required Millimeters MaxGpuLength { get; init; }
    public required int GpuCapacity { get; init; }

    /// <summary>The outside volume in litres (width × height × depth of the case, feet and handles as the maker measures them); null when not known.</summary>
    public double? Volume { get; init; }
}

public enum AdapterKind { Riser, U2ToPcie, M2ToU2, M2ToPcie, Bifurcation }

public sealed record Adapter : Part
{
    public override PartCategory Category => PartCategory.Adapter;
    public required AdapterKind Kind { get; init; }
    public required int Lanes { get; init; }
    /// <summary>The highest PCIe generation the adapter or cable is rated for.</summary>
    public required int RatedGen { get; init; }
    public Millimeters? CableLength { get; init; }
}
