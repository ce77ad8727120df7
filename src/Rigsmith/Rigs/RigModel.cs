using Rigsmith.Catalog;
using Rigsmith.Units;

namespace Rigsmith.Rigs;

/// <summary>Where the rig runs: the wall circuit and the room.</summary>
/// <param name="ContinuousLoadFraction">Share of the breaker rating a continuous load may use (NEC 210.19/210.20: 80 % in North America).</param>
/// <param name="Circuits">Separate circuits of this rating the rig's PSUs may be plugged into (each unit on the next circuit, in turn).</param>
public sealed record Site(Volts Mains, Amperes Breaker, double ContinuousLoadFraction, bool ContinuousLoadAssumed, Celsius Ambient, bool AmbientAssumed, int Circuits = 1);

/// <summary>A GPU in a slot, possibly on a riser, with the power limit the user sets.</summary>
public sealed record GpuInstall(int Index, Gpu Gpu, ExpansionSlot Slot, Watts PowerLimit, Adapter? Riser, string? Note, bool DrivesDisplay = false)
{
    /// <summary>"GPU0 (rtx-3090-founders in pcie1)".</summary>
    /// <remarks>Concatenated, not interpolated: messages interpolate the label (why that matters: <c>Finding.Of</c>).</remarks>
    public string Label => "GPU" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (" + Gpu.Id + " in " + Slot.Id + ")";
}

/// <summary>An NVLink bridge between two GPUs, by their 1-based index in the rig file's <c>gpus</c> list.</summary>
public sealed record NvlinkBridge(int First, int Second);

public sealed record MemoryInstall(MemoryModule Module, int Count, string? Note);

/// <summary>How a drive connects: a board port, a SATA port, or a slot (directly or through an adapter).</summary>
public abstract record DriveAttachment
{
    public sealed record Port(StoragePort BoardPort) : DriveAttachment;
    public sealed record SataPort : DriveAttachment;
    public sealed record Slot(ExpansionSlot BoardSlot, Adapter? Adapter) : DriveAttachment;
}

public sealed record StorageInstall(int Index, Storage Drive, DriveAttachment Attachment, string? Note)
{
    public string Label => $"{Drive.Id} #{Index}";
}

public sealed record PsuInstall(Psu Psu, int Count, string? Note);

/// <summary>A rig file resolved against the catalog: every part found and every placement checked to exist.</summary>
public sealed record RigModel
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required Site Site { get; init; }
    public required Cpu Cpu { get; init; }
    /// <summary>Number of identical CPUs (2 on dual-socket boards).</summary>
    public int CpuCount { get; init; } = 1;
    public required Motherboard Board { get; init; }
    public Chassis? Chassis { get; init; }
    public required IReadOnlyList<MemoryInstall> Memory { get; init; }
    public required IReadOnlyList<GpuInstall> Gpus { get; init; }
    public required IReadOnlyList<StorageInstall> Storage { get; init; }
    public required IReadOnlyList<PsuInstall> Psus { get; init; }
    /// <summary>NVLink bridges the rig file lists (<c>nvlink_bridges: [[1, 2], [3, 4]]</c>); empty when none.</summary>
    public IReadOnlyList<NvlinkBridge> NvlinkBridges { get; init; } = [];
    /// <summary>The rig file's workload section as written.</summary>
    public Workload? Workload { get; init; }

    public IReadOnlyDictionary<string, string> PartNotes { get; init; } = new Dictionary<string, string>();

    /// <summary>Lanes a slot gets in this rig: its wiring for this CPU's lane count, none when its socket is empty.</summary>
    public int LanesOf(ExpansionSlot slot) => slot.Socket > CpuCount ? 0 : slot.WidthFor(Cpu.PcieLanes);

    /// <summary>Lanes a storage port gets in this rig.</summary>
    public int LanesOf(StoragePort port) => port.Socket > CpuCount ? 0 : port.LanesFor(Cpu.PcieLanes);

    public IEnumerable<Part> AllParts =>
        new Part?[] { Cpu, Board, Chassis }.OfType<Part>()
            .Concat(Memory.Select(m => (Part)m.Module))
            .Concat(Gpus.Select(g => (Part)g.Gpu))
            .Concat(Gpus.Select(g => g.Riser).OfType<Part>())
            .Concat(Storage.Select(s => (Part)s.Drive))
            .Concat(Psus.Select(p => (Part)p.Psu))
            .Distinct();
}

/// <summary>The training job the rig is for, as written in the rig file: settings the training model reads.</summary>
public sealed record Workload(IReadOnlyList<WorkloadSetting> Settings, string File, int Line);

/// <summary>One <c>key: value</c> of the workload section, with where it was written.</summary>
public sealed record WorkloadSetting(string Key, string Value, int Line, int Column);
