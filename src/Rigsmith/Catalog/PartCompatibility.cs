using Rigsmith.Input;
using Rigsmith.Standards;

namespace Rigsmith.Catalog;

/// <summary>The parts already chosen in the rig being edited; any may be null or empty.</summary>
/// <param name="Gpus">One entry per card (four cards of one model: four entries).</param>
/// <param name="Psus">One entry per unit.</param>
public sealed record PartSelection(Cpu? Cpu, Motherboard? Board, Chassis? Chassis, IReadOnlyList<MemoryModule> Memory, IReadOnlyList<Gpu> Gpus, IReadOnlyList<Psu> Psus)
{
    public static PartSelection Empty { get; } = new(null, null, null, [], [], []);
}

/// <summary>
/// Which parts of a category work with the parts already chosen, for a part picker that lists only those. Each test
/// mirrors an error rule of the analyses, so a part kept here is one that rule would not flag once added: CMP101 socket,
/// CMP102 CPU family, CMP103 memory type, CMP104 module kind, CMP120 board in chassis, CMP132 chassis GPU capacity,
/// PHY404 GPU length in chassis and PWR204 power plugs (PSU input voltage is not judged: the selection has no site). A value that is unknown never hides a part.
/// </summary>
public static class PartCompatibility
{
    /// <summary>
    /// Null when <paramref name="candidate"/> works with <paramref name="selection"/>; else one short reason, the
    /// candidate's value first, then the chosen part it conflicts with ("socket am4, the Intel Core i9-7960X is lga2066"; "6 8-pin PCIe plugs, the 4 chosen GPUs need 8").
    /// </summary>
    public static string? Conflict(Part candidate, PartSelection selection) => candidate switch
    {
        Cpu cpu => First([
            selection.Board is { } board ? CpuBoard(cpu, board, cpuIsCandidate: true) : null,
            .. selection.Memory.Select(m => CpuMemory(cpu, m, cpuIsCandidate: true))]),
        Motherboard board => First([
            selection.Cpu is { } cpu ? CpuBoard(cpu, board, cpuIsCandidate: false) : null,
            .. selection.Memory.Select(m => BoardMemory(board, m, boardIsCandidate: true)),
            selection.Chassis is { } chassis ? BoardChassis(board, chassis, boardIsCandidate: true) : null]),
        MemoryModule module => First([
            selection.Cpu is { } cpu ? CpuMemory(cpu, module, cpuIsCandidate: false) : null,
            selection.Board is { } board ? BoardMemory(board, module, boardIsCandidate: false) : null]),
        Gpu gpu => selection.Chassis is { } chassis
            ? First([GpuChassis(gpu, chassis, gpuIsCandidate: true), Capacity(chassis, selection.Gpus.Count + 1, gpuIsCandidate: true)])
            : null,
        Chassis chassis => First([
            selection.Board is { } board ? BoardChassis(board, chassis, boardIsCandidate: false) : null,
            Capacity(chassis, selection.Gpus.Count, gpuIsCandidate: false),
            .. selection.Gpus.Select(g => GpuChassis(g, chassis, gpuIsCandidate: false))]),
        Psu psu => Plugs(psu, selection),
        // Storage and adapters: nothing chosen rules them out.
        _ => null,
    };

    /// <summary>
    /// The best <paramref name="limit"/> parts of <paramref name="category"/> that <paramref name="query"/> names, ranked
    /// as <see cref="PartSearch.Matching"/> ranks them, leaving out those with a <see cref="Conflict"/>; and how many of
    /// the matching parts were left out.
    /// </summary>
    public static (IReadOnlyList<Part> Parts, int Hidden) Matching(PartCatalog catalog, string? query, PartCategory category, PartSelection selection, int limit)
    {
        // Nothing chosen that bears on the category: plain search, which reads only the parts it returns.
        if (!Constrains(selection, category))
            return (PartSearch.Matching(catalog, query, category, limit), 0);
        var parts = new List<Part>();
        var hidden = 0;
        // Ranking reads no part; each part is read (and kept by the catalog) as the filter reaches it. The whole ranked
        // list is walked so that Hidden counts every incompatible match, not only those above the page's last part: about
        // 20 ms for the largest category once the OpenDB tier's parts are read (the first walk reads them, some 50 ms).
        foreach (var entry in PartSearch.Ranked(catalog, query, category))
        {
            if (catalog.Find(entry.Id) is not { } part)
                continue;
            if (Conflict(part, selection) is not null)
                hidden++;
            else if (parts.Count < limit)
                parts.Add(part);
        }

        return (parts, hidden);
    }

    /// <summary>Whether any chosen part can rule out a part of <paramref name="category"/> (the cases of <see cref="Conflict"/>).</summary>
    private static bool Constrains(PartSelection s, PartCategory category) => category switch
    {
        PartCategory.Cpu => s.Board is not null || s.Memory.Count > 0,
        PartCategory.Motherboard => s.Cpu is not null || s.Memory.Count > 0 || s.Chassis is not null,
        PartCategory.Memory => s.Cpu is not null || s.Board is not null,
        PartCategory.Gpu => s.Chassis is not null,
        PartCategory.Chassis => s.Board is not null || s.Gpus.Count > 0,
        PartCategory.Psu => s.Gpus.Count > 0,
        _ => false,
    };

    // ---- one pair of parts each; the reason is worded from the candidate's side ----

    /// <summary>CMP101 socket, then (same socket) CMP102 family, as CompatibilityAnalysis.CheckCpu.</summary>
    private static string? CpuBoard(Cpu cpu, Motherboard board, bool cpuIsCandidate)
    {
        if (Known(cpu, "socket") && Known(board, "socket") && !string.Equals(cpu.Socket, board.Socket, StringComparison.Ordinal))
        {
            return cpuIsCandidate ? $"socket {cpu.Socket}, the {board.Name} is {board.Socket}"
                : $"socket {board.Socket}, the {cpu.Name} is {cpu.Socket}";
        }

        if (Known(cpu, "family") && Known(board, "cpu_families") && board.CpuFamilies.Count > 0 && !board.CpuFamilies.Contains(cpu.Family, StringComparer.Ordinal))
        {
            var families = string.Join(", ", board.CpuFamilies);
            return cpuIsCandidate ? $"{cpu.Family} CPU, the {board.Name} supports {families}"
                : $"supports {families} CPUs, the {cpu.Name} is {cpu.Family}";
        }

        // The CPU's memory type is not held against the board's: CMP103 judges modules, and a curated CPU lists one
        // type although Raptor Lake also runs on DDR4 boards. The modules, once chosen, are checked against both.
        return null;
    }

    /// <summary>CMP103 and CMP104 on the CPU's side, as CompatibilityAnalysis.CheckMemory.</summary>
    private static string? CpuMemory(Cpu cpu, MemoryModule m, bool cpuIsCandidate)
    {
        if (Known(cpu, "memory.type") && !cpu.Memory.Takes(m.Type))
            return cpuIsCandidate ? $"takes {Types(cpu)}, the {m.Name} is {Show(m.Type)}" : $"{Show(m.Type)}, the {cpu.Name} takes {Types(cpu)}";
        if (Known(cpu, "memory.module_kinds") && Known(m, "kind") && cpu.Memory.ModuleKinds.Count > 0 && !cpu.Memory.ModuleKinds.Contains(m.Kind))
        {
            var kinds = Shows(cpu.Memory.ModuleKinds);
            return cpuIsCandidate ? $"takes {kinds}, the {m.Name} is {Show(m.Kind)}" : $"{Show(m.Kind)}, the {cpu.Name} takes {kinds}";
        }

        return null;
    }

    /// <summary>CMP103 and CMP104 on the board's side, as CompatibilityAnalysis.CheckMemory.</summary>
    private static string? BoardMemory(Motherboard board, MemoryModule m, bool boardIsCandidate)
    {
        if (Known(board, "memory.type") && m.Type != board.MemoryType)
        {
            return boardIsCandidate ? $"takes {Show(board.MemoryType)}, the {m.Name} is {Show(m.Type)}"
                : $"{Show(m.Type)}, the {board.Name} takes {Show(board.MemoryType)}";
        }

        if (Known(board, "memory.module_kinds") && Known(m, "kind") && board.ModuleKinds.Count > 0 && !board.ModuleKinds.Contains(m.Kind))
        {
            var kinds = Shows(board.ModuleKinds);
            return boardIsCandidate ? $"takes {kinds}, the {m.Name} is {Show(m.Kind)}" : $"{Show(m.Kind)}, the {board.Name} takes {kinds}";
        }

        return null;
    }

    /// <summary>CMP120, as CompatibilityAnalysis.CheckChassis.</summary>
    private static string? BoardChassis(Motherboard board, Chassis chassis, bool boardIsCandidate)
    {
        if (!Known(board, "form_factor") || !Known(chassis, "form_factors") || chassis.FormFactors.Count == 0 || chassis.FormFactors.Contains(board.FormFactor))
            return null;
        var forms = Shows(chassis.FormFactors);
        return boardIsCandidate ? $"{Show(board.FormFactor)}, the {chassis.Name} takes {forms}"
            : $"takes {forms}, the {board.Name} is {Show(board.FormFactor)}";
    }

    /// <summary>The card's length against the chassis's longest, as PhysicalAnalysis (GPU too long for the chassis).</summary>
    private static string? GpuChassis(Gpu gpu, Chassis chassis, bool gpuIsCandidate)
    {
        // 0 is the OpenDB's "unknown"; the importer never stores it, but a length of 0 could only mean that.
        if (!Known(gpu, "length") || !Known(chassis, "max_gpu_length") || gpu.Length.Value <= 0 || chassis.MaxGpuLength.Value <= 0 || gpu.Length <= chassis.MaxGpuLength)
            return null;
        return gpuIsCandidate ? $"{gpu.Length} long, the {chassis.Name} takes cards up to {chassis.MaxGpuLength}"
            : $"takes cards up to {chassis.MaxGpuLength}, the {gpu.Name} is {gpu.Length} long";
    }

    /// <summary>CMP132, as CompatibilityAnalysis.CheckChassis: <paramref name="gpus"/> cards in the chassis, the candidate's included.</summary>
    private static string? Capacity(Chassis chassis, int gpus, bool gpuIsCandidate)
    {
        if (!Known(chassis, "gpu_capacity") || gpus <= chassis.GpuCapacity)
            return null;
        return gpuIsCandidate ? $"one GPU too many, the {chassis.Name} holds {chassis.GpuCapacity} and {gpus - 1} are chosen"
            : $"holds {chassis.GpuCapacity} GPUs, not the {gpus} chosen";
    }

    /// <summary>
    /// PWR204, replicating ElectricalAnalysis.CheckGpuCables's count: for each connector type, the plugs every GPU needs
    /// against the leads of exactly that type on every PSU (the candidate and those chosen), daisy-chained plugs counted
    /// (cables x per_cable). The candidate is checked against the chosen GPUs only, not one more.
    /// </summary>
    private static string? Plugs(Psu candidate, PartSelection selection)
    {
        Psu[] psus = [.. selection.Psus, candidate];
        // A GPU whose connectors the OpenDB did not list needs an unknown set of plugs: it is left out of the count.
        var gpus = selection.Gpus.Where(g => Known(g, "power_connectors")).ToList();
        foreach (var group in gpus.SelectMany(g => g.PowerConnectors).GroupBy(c => c))
        {
            // A PSU whose leads of this kind the OpenDB did not list may have any number of them.
            if (psus.Any(p => !Known(p, LeadField(group.Key))))
                continue;
            var needed = group.Count();
            var available = psus.Sum(p => p.Plugs(group.Key));
            if (available < needed)
            {
                var users = gpus.Where(g => g.PowerConnectors.Contains(group.Key)).ToList();
                var who = users.DistinctBy(g => g.Id).Count() == 1
                    ? users.Count == 1 ? $"the {users[0].Name} needs" : $"the {users.Count} x {users[0].Name} need"
                    : $"the {users.Count} chosen GPUs need";
                var with = psus.Length > 1 ? " with the chosen PSUs" : "";
                return $"{available} {Connectors.Name(group.Key)} plugs{with}, {who} {needed}";
            }
        }

        return null;
    }

    /// <summary>The importer assumes a PSU's PCIe leads (8-pin, 6-pin, 12VHPWR) together when its record lists none, and its EPS leads apart.</summary>
    private static string LeadField(PowerConnector connector) =>
        connector is PowerConnector.Eps8 or PowerConnector.Eps4 ? "cables.eps8" : "cables.pcie8";

    /// <summary>
    /// Whether a value is known. For a record that lacks a value the OpenDB importer stores an assumed stand-in
    /// (docs/catalog.md, "The OpenDB tier"): that value is unknown, and an unknown value never hides a part. A curated
    /// part's assumed value is the catalog's considered figure, which the analyses use as it is, so it counts as known.
    /// </summary>
    private static bool Known(Part part, string field) =>
        part.Provenance.Fallback is not Provenance.OpenDb || part.Provenance.Of(field) is not Provenance.Assumed;

    /// <summary>The first reason found, in the order the checks are listed (each is a few comparisons).</summary>
    private static string? First(string?[] reasons) => reasons.FirstOrDefault(r => r is not null);

    private static string Types(Cpu cpu) => string.Join(" or ", new[] { cpu.Memory.Type }.Concat(cpu.Memory.OtherTypes).Select(Show));

    /// <summary>Enum values as CompatibilityAnalysis writes them in findings (DDR4, UDIMM, E-ATX, micro-atx).</summary>
    private static string Show<T>(T value)
        where T : struct, Enum => MapReader.EnumName(value) switch
        {
            "eatx" => "E-ATX",
            var s when s.StartsWith("ddr", StringComparison.Ordinal) || s is "udimm" or "rdimm" or "lrdimm" or "sodimm" or "atx" => s.ToUpperInvariant(),
            var s => s,
        };

    private static string Shows<T>(IEnumerable<T> values)
        where T : struct, Enum => string.Join("/", values.Select(Show));
}
