using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Compatibility;

/// <summary>
/// Will the parts work together at all: socket and chipset, memory, form factor, slot and port counts, drive interfaces.
/// </summary>
public sealed class CompatibilityAnalysis : IAnalysis
{
    public static readonly Rule Socket = new("CMP101", Severity.Error, "CPU socket matches the board",
        "The CPU's socket against the motherboard's socket.", "CPU spec pages (Intel ARK, AMD); board manuals");
    public static readonly Rule CpuFamily = new("CMP102", Severity.Error, "Board supports the CPU family",
        "The CPU's family against the board's CPU-support list: same socket is not enough (a Xeon W-2100 needs C422, not X299).",
        "Board CPU-support lists; https://xdevs.com/guide/e299ocg/ (X299 DARK: Core X except Xeon W)");
    public static readonly Rule CpuCount = new("CMP111", Severity.Error, "CPU count within the board's sockets",
        "The rig's cpu_count against the board's CPU sockets.", "Board manuals");
    public static readonly Rule MemoryType = new("CMP103", Severity.Error, "Memory type matches",
        "Each module's DDR generation against the CPU's and the board's.", "CPU spec pages; board manuals");
    public static readonly Rule ModuleKind = new("CMP104", Severity.Error, "Module kind supported",
        "UDIMM/RDIMM/LRDIMM against what the CPU and board accept (Core X takes unbuffered only).", "CPU spec pages; board manuals");
    public static readonly Rule DimmCount = new("CMP105", Severity.Error, "Enough DIMM slots",
        "Number of modules against the board's DIMM slots.", "Board manuals");
    public static readonly Rule Capacity = new("CMP106", Severity.Warning, "Memory within documented maximum",
        "Total capacity against the CPU's and board's documented maximum.", "Intel ARK max memory; board manuals");
    public static readonly Rule SpeedAboveSpec = new("CMP107", Severity.Info, "Memory speed above the platform's official speed",
        "Module rated speed against the CPU's and board's official maximum: faster modules run at JEDEC speed unless overclocked with XMP.",
        "Intel ARK (i9-7960X: DDR4-2666)");
    public static readonly Rule Channels = new("CMP108", Severity.Warning, "Memory channels populated evenly",
        "Fewer modules than channels leave bandwidth unused; a count that is not a multiple of the channel count runs unbalanced.",
        "CPU spec pages (channel count)");
    public static readonly Rule MixedKits = new("CMP109", Severity.Warning, "Mixed memory kits",
        "Modules of different kits (vendor, ranks, timings, speed) in one system: a known cause of instability, worse at four or more modules.",
        "Reference build: two different 2x32 GB kits were unstable (shared/reference)");
    public static readonly Rule UnusualModule = new("CMP110", Severity.Warning, "Unusual memory module",
        "Stacked-die packages and 32 Gbit DDR4 dies (single-rank 32 GB UDIMMs) are rare and often missing from board QVLs.",
        "https://kingston.com/unitedkingdom/en/blog/system-builder/32gbit-dram");
    public static readonly Rule ChassisForm = new("CMP120", Severity.Error, "Board fits the chassis",
        "The board's form factor against the form factors the chassis or frame accepts.", "Chassis spec pages");
    public static readonly Rule GpuSlots = new("CMP130", Severity.Error, "Enough live slots for the GPUs",
        "GPU count against the slots this board wires with this CPU's lane count.", "Board manuals (slot lane tables)");
    public static readonly Rule DeadSlot = new("CMP131", Severity.Error, "GPU in a slot that is off with this CPU",
        "A GPU placed in a slot with no lanes for this CPU's lane count (for example the last slot with a 28-lane Core X).",
        "Board manuals (slot lane tables)");
    public static readonly Rule GpuCapacity = new("CMP132", Severity.Error, "Chassis holds the GPUs",
        "GPU count against how many GPUs the chassis or frame holds.", "Chassis spec pages");
    public static readonly Rule DriveInterface = new("CMP140", Severity.Error, "Drive interface matches its port",
        "NVMe, SATA and U.2/M.2 forms against the port, slot or adapter each drive uses, and SATA drives against SATA ports.",
        "Board manuals; drive datasheets");
    public static readonly Rule DisabledPort = new("CMP141", Severity.Error, "Drive port has lanes with this CPU",
        "An M.2 or U.2 port that this board leaves unwired with this CPU's lane count.", "Board manuals");

    public string Key => "compatibility";
    public string Title => "Compatibility";

    public IReadOnlyList<Rule> Rules { get; } =
    [
        Socket, CpuFamily, CpuCount, MemoryType, ModuleKind, DimmCount, Capacity, SpeedAboveSpec, Channels, MixedKits, UnusualModule,
        ChassisForm, GpuSlots, DeadSlot, GpuCapacity, DriveInterface, DisabledPort,
    ];

    public AnalysisResult Run(AnalysisContext context)
    {
        var rig = context.Rig;
        var findings = new List<Finding>();
        CheckCpu(rig, findings);
        var memory = CheckMemory(rig, findings);
        CheckChassis(rig, findings);
        var liveSlots = CheckGpus(rig, findings);
        var sataDrives = CheckStorage(rig, findings);

        var figures = new List<Figure>
        {
            new("memory_total_gib", "Memory", Math.Round(memory.Total.Gibibytes, 1), "GiB"),
            new("memory_modules", "Memory modules", memory.Modules),
            new("dimm_slots", "DIMM slots", rig.Board.DimmSlots),
            new("memory_channels", "Memory channels (CPU)", rig.Cpu.Memory.Channels),
            new("memory_speed_mts", "Memory speed without overclocking", memory.EffectiveSpeed.Value, "MT/s"),
            new("gpu_count", "GPUs", rig.Gpus.Count),
            new("live_gpu_slots", $"Slots with lanes for a {rig.Cpu.PcieLanes}-lane CPU", liveSlots),
            new("sata_drives", "SATA drives", sataDrives),
            new("sata_ports", "SATA ports", rig.Board.SataPorts),
        };
        return new AnalysisResult(Key, Title, findings, figures, []);
    }

    private static void CheckCpu(RigModel rig, List<Finding> findings)
    {
        var (cpu, board) = (rig.Cpu, rig.Board);
        if (rig.CpuCount > board.Sockets)
        {
            findings.Add(Finding.Of(CpuCount, $"{rig.CpuCount} CPUs for the {board.Sockets}-socket {board.Name}.",
                $"Set cpu_count to {board.Sockets} or less, or choose a board with {rig.CpuCount} sockets.", [board.Id]));
        }

        if (!string.Equals(cpu.Socket, board.Socket, StringComparison.Ordinal))
        {
            findings.Add(Finding.Of(Socket, $"The {cpu.Name} is socket {cpu.Socket}; the {board.Name} is socket {board.Socket}.",
                $"Choose a {board.Socket} CPU or a {cpu.Socket} board.", [cpu.Id, board.Id]));
        }
        else if (!board.CpuFamilies.Contains(cpu.Family, StringComparer.Ordinal))
        {
            findings.Add(Finding.Of(CpuFamily,
                $"The {board.Name} ({board.Chipset}) supports {string.Join(", ", board.CpuFamilies)} CPUs; the {cpu.Name} is {cpu.Family}.",
                $"Choose a CPU of a supported family, or a board whose chipset supports {cpu.Family}.", [cpu.Id, board.Id],
                Evidence.Uncited(board, "cpu_families")));
        }
    }

    private sealed record MemorySummary(Bytes Total, int Modules, MegaTransfers EffectiveSpeed);

    private static MemorySummary CheckMemory(RigModel rig, List<Finding> findings)
    {
        var (cpu, board) = (rig.Cpu, rig.Board);
        var modules = rig.Memory.Sum(m => m.Count);
        var total = Bytes.From(rig.Memory.Sum(m => m.Module.Capacity.Value * m.Count));
        foreach (var install in rig.Memory)
        {
            var m = install.Module;
            if (!cpu.Memory.Takes(m.Type) || m.Type != board.MemoryType)
            {
                findings.Add(Finding.Of(MemoryType,
                    $"{m.Name} is {Name(m.Type)}; the CPU takes {string.Join(" or ", new[] { cpu.Memory.Type }.Concat(cpu.Memory.OtherTypes).Select(Name))} and the board {Name(board.MemoryType)}.",
                    $"Use {Name(board.MemoryType)} modules.", [m.Id]));
            }

            if (!cpu.Memory.ModuleKinds.Contains(m.Kind) || !board.ModuleKinds.Contains(m.Kind))
            {
                findings.Add(Finding.Of(ModuleKind,
                    $"{m.Name} is {Name(m.Kind)}; the {cpu.Name} accepts {Names(cpu.Memory.ModuleKinds)} and the {board.Name} {Names(board.ModuleKinds)}.",
                    "Use a module kind both accept.", [m.Id, cpu.Id, board.Id]));
            }
        }

        if (modules > board.DimmSlots)
        {
            findings.Add(Finding.Of(DimmCount, $"{modules} memory modules for {board.DimmSlots} DIMM slots on the {board.Name}.",
                "Use fewer, larger modules.", [board.Id], Evidence.Uncited(board, "memory")));
        }

        var limit = cpu.Memory.MaxCapacity < board.MaxMemory ? cpu.Memory.MaxCapacity : board.MaxMemory;
        if (total > limit)
        {
            var who = cpu.Memory.MaxCapacity < board.MaxMemory ? cpu.Name : board.Name;
            findings.Add(Finding.Of(Capacity, $"{total} of memory is above the {limit} documented for the {who}.",
                "It may not boot or may not see it all; check the board's QVL, or use less memory.", [cpu.Id, board.Id],
                Evidence.Uncited(board, "memory").Concat(Evidence.Uncited(cpu, "memory"))));
        }

        var platformSpeed = cpu.Memory.MaxSpeed < board.MaxMemorySpeed ? cpu.Memory.MaxSpeed : board.MaxMemorySpeed;
        var slowest = rig.Memory.Count == 0 ? platformSpeed : rig.Memory.Min(m => m.Module.Speed);
        var effective = slowest < platformSpeed ? slowest : platformSpeed;
        if (slowest > platformSpeed)
        {
            findings.Add(Finding.Of(SpeedAboveSpec,
                $"Modules rated {slowest} run at {platformSpeed} by the book ({cpu.Name}: {cpu.Memory.MaxSpeed}); their rated speed is an XMP overclock.",
                $"For a long training run, prefer {platformSpeed} or test stability (memtest, a day of load) at the XMP speed.",
                rig.Memory.Select(m => m.Module.Id)));
        }

        var channels = cpu.Memory.Channels;
        if (modules > 0 && (modules < channels || modules % channels != 0))
        {
            var message = modules < channels
                ? $"{modules} modules fill {modules} of the {cpu.Name}'s {channels} memory channels; the rest of its bandwidth is unused."
                : $"{modules} modules on {channels} channels: some channels hold more modules than others.";
            findings.Add(Finding.Of(Channels, message, $"Use a multiple of {channels} identical modules.", [cpu.Id]));
        }

        var distinct = rig.Memory.Select(m => m.Module).DistinctBy(m => m.Id).ToList();
        if (distinct.Count > 1)
        {
            var differences = MemoryDifferences(distinct);
            findings.Add(Finding.Of(MixedKits,
                $"{distinct.Count} different memory kits ({string.Join(" + ", distinct.Select(m => m.Name))}) differ in {differences}.",
                "Use one kit of identical modules; if you must mix, run them at the slowest module's JEDEC speed and timings and test stability.",
                distinct.Select(m => m.Id), distinct.SelectMany(m => Evidence.Uncited(m, "ranks", "cas_latency", "speed"))));
        }

        foreach (var m in distinct)
        {
            var reasons = new List<string>();
            if (m.StackedDie)
                reasons.Add("stacked-die DRAM packages");
            if (m.Type == Catalog.MemoryType.Ddr4 && m.DieDensityGbit >= 32)
                reasons.Add($"{m.DieDensityGbit} Gbit DDR4 dies, a density few boards were validated with");
            if (reasons.Count > 0)
            {
                findings.Add(Finding.Of(UnusualModule, $"{m.Name} uses {string.Join(" and ", reasons)} ({m.Ranks}-rank {m.Capacity}).",
                    "Check the board's QVL for this exact module; expect to lower speed or loosen timings.", [m.Id],
                    Evidence.Uncited(m, "stacked_die", "die_density_gbit", "ranks")));
            }
        }

        return new MemorySummary(total, modules, effective);
    }

    private static string MemoryDifferences(IReadOnlyList<MemoryModule> modules)
    {
        var differences = new List<string>();
        void Compare<T>(string what, Func<MemoryModule, T> value, Func<T, string> show)
        {
            var values = modules.Select(value).Distinct().ToList();
            if (values.Count > 1)
                differences.Add($"{what} ({string.Join(" vs ", values.Select(show))})");
        }

        Compare("vendor", m => m.Vendor, v => v);
        Compare("ranks", m => m.Ranks, r => $"{r}R");
        Compare("CAS latency", m => m.CasLatency, c => $"CL{c}");
        Compare("rated speed", m => m.Speed.Value, s => $"{s.ToString(CultureInfo.InvariantCulture)} MT/s");
        Compare("capacity", m => m.Capacity.Gibibytes, c => $"{c.ToString(CultureInfo.InvariantCulture)} GiB");
        Compare("die density", m => m.DieDensityGbit, d => d is null ? "unknown" : $"{d} Gbit");
        return differences.Count == 0 ? "part number only" : string.Join(", ", differences);
    }

    private static void CheckChassis(RigModel rig, List<Finding> findings)
    {
        if (rig.Chassis is not { } chassis)
            return;
        if (!chassis.FormFactors.Contains(rig.Board.FormFactor))
        {
            findings.Add(Finding.Of(ChassisForm,
                $"The {rig.Board.Name} is {Name(rig.Board.FormFactor)}; the {chassis.Name} takes {Names(chassis.FormFactors)}.",
                "Choose a chassis that takes this form factor, or a smaller board.", [rig.Board.Id, chassis.Id],
                Evidence.Uncited(chassis, "form_factors").Concat(Evidence.Uncited(rig.Board, "form_factor"))));
        }

        if (rig.Gpus.Count > chassis.GpuCapacity)
        {
            findings.Add(Finding.Of(GpuCapacity, $"{rig.Gpus.Count} GPUs; the {chassis.Name} holds {chassis.GpuCapacity}.",
                "Choose a larger chassis or frame, or fewer GPUs.", [chassis.Id], Evidence.Uncited(chassis, "gpu_capacity")));
        }
    }

    private static int CheckGpus(RigModel rig, List<Finding> findings)
    {
        var lanes = rig.Cpu.PcieLanes;
        var live = rig.Board.Slots.Count(s => rig.LanesOf(s) > 0);
        if (rig.Gpus.Count > live)
        {
            findings.Add(Finding.Of(GpuSlots,
                $"{rig.Gpus.Count} GPUs; the {rig.Board.Name} has {live} slots with lanes for a {lanes}-lane {rig.Cpu.Name}.",
                "Use a CPU with more lanes, a board with more slots, or fewer GPUs.", [rig.Board.Id, rig.Cpu.Id],
                Evidence.Uncited(rig.Board, "slots")));
        }

        foreach (var gpu in rig.Gpus.Where(g => rig.LanesOf(g.Slot) == 0))
        {
            var liveIds = rig.Board.Slots.Where(s => rig.LanesOf(s) > 0).Select(s => s.Id);
            findings.Add(Finding.Of(DeadSlot,
                $"{gpu.Label}: slot {gpu.Slot.Id} has no lanes with a {lanes}-lane CPU; the card will not be seen.",
                $"Move it to a live slot ({string.Join(", ", liveIds)}) or use a CPU with more lanes.", [gpu.Gpu.Id, rig.Board.Id],
                Evidence.Uncited(rig.Board, "slots")));
        }

        return live;
    }

    private static int CheckStorage(RigModel rig, List<Finding> findings)
    {
        var sata = 0;
        foreach (var install in rig.Storage)
        {
            var drive = install.Drive;
            switch (install.Attachment)
            {
                case DriveAttachment.SataPort:
                    sata++;
                    if (drive.Interface != StorageInterface.Sata)
                    {
                        findings.Add(Finding.Of(DriveInterface, $"{drive.Name} is {Name(drive.Interface)}; it cannot use a SATA port.",
                            "Attach it to an M.2/U.2 port or a PCIe slot with an adapter.", [drive.Id]));
                    }

                    break;
                case DriveAttachment.Port(var port):
                    CheckPort(rig, install, port, findings);
                    break;
                case DriveAttachment.Slot(var slot, var adapter):
                    CheckSlotDrive(install, slot, adapter, findings);
                    break;
            }
        }

        if (sata > rig.Board.SataPorts)
        {
            findings.Add(Finding.Of(DriveInterface, $"{sata} SATA drives; the {rig.Board.Name} has {rig.Board.SataPorts} SATA ports.",
                "Add a SATA/HBA card or use fewer SATA drives.", [rig.Board.Id], Evidence.Uncited(rig.Board, "sata_ports")));
        }

        return sata;
    }

    private static void CheckPort(RigModel rig, StorageInstall install, StoragePort port, List<Finding> findings)
    {
        var drive = install.Drive;
        var formOk = port.Kind switch
        {
            PortKind.M2 => drive.Form == StorageForm.M2,
            PortKind.U2 => drive.Form == StorageForm.U2,
            PortKind.Sata => drive.Form is StorageForm.Sata25 or StorageForm.Sata35,
            _ => false,
        };
        if (!formOk || !port.Interfaces.Contains(drive.Interface))
        {
            findings.Add(Finding.Of(DriveInterface,
                $"{drive.Name} ({Name(drive.Form)}, {Name(drive.Interface)}) does not fit port {port.Id} ({Name(port.Kind)}, {Names(port.Interfaces)}).",
                "Use a port of the drive's form and interface, or an adapter.", [drive.Id, rig.Board.Id], Evidence.Uncited(rig.Board, "ports")));
        }

        if (rig.LanesOf(port) == 0)
        {
            findings.Add(Finding.Of(DisabledPort, $"Port {port.Id} has no lanes with a {rig.Cpu.PcieLanes}-lane {rig.Cpu.Name}; {drive.Name} will not be seen.",
                "Use another port, a PCIe adapter in a live slot, or a CPU with more lanes.", [drive.Id, rig.Board.Id],
                Evidence.Uncited(rig.Board, "ports")));
        }
    }

    private static void CheckSlotDrive(StorageInstall install, ExpansionSlot slot, Adapter? adapter, List<Finding> findings)
    {
        var drive = install.Drive;
        var needed = drive.Form switch
        {
            StorageForm.U2 => AdapterKind.U2ToPcie,
            StorageForm.M2 => AdapterKind.M2ToPcie,
            _ => (AdapterKind?)null,
        };
        if (drive.Form == StorageForm.AddInCard)
            return;
        if (needed is null)
        {
            findings.Add(Finding.Of(DriveInterface, $"{drive.Name} ({Name(drive.Form)}) cannot sit in PCIe slot {slot.Id}.",
                "Attach it to a SATA port.", [drive.Id]));
        }
        else if (adapter?.Kind != needed)
        {
            findings.Add(Finding.Of(DriveInterface,
                $"{drive.Name} ({Name(drive.Form)}) in slot {slot.Id} needs a {MapReader.EnumName(needed.Value)} adapter{(adapter is null ? "" : $", not {adapter.Name}")}.",
                $"Add 'adapter: <id>' naming a {MapReader.EnumName(needed.Value)} adapter from the catalog.", [drive.Id]));
        }
    }

    private static string Name<T>(T value)
        where T : struct, Enum => MapReader.EnumName(value).ToUpperInvariant() switch
        {
            var s when s.StartsWith("DDR", StringComparison.Ordinal) || s is "UDIMM" or "RDIMM" or "LRDIMM" or "SATA" or "NVME" or "SAS" or "ATX" or "EATX" => s == "NVME" ? "NVMe" : s == "EATX" ? "E-ATX" : s,
            _ => MapReader.EnumName(value),
        };

    private static string Names<T>(IEnumerable<T> values)
        where T : struct, Enum => string.Join("/", values.Select(Name));
}
