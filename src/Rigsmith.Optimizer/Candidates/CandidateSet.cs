using Rigsmith.Catalog;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning.Electrical;
using Rigsmith.Planning.Physical;
using Rigsmith.Standards;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Candidates;

/// <summary>A CPU (one per socket) on a board that takes it.</summary>
public sealed record Platform(Priced<Cpu> Cpu, int CpuCount, Priced<Motherboard> Board)
{
    /// <summary>What the CPUs and the board cost; null when an owned part without a price would have to be bought again.</summary>
    public long? Cents => Cpu.CostOf(CpuCount) + Board.CostOf(1);

    /// <summary>The CPU's sustained draw as the electrical model counts it: its load power, else its TDP.</summary>
    public Watts CpuPower => Cpu.Part.LoadPower ?? Cpu.Part.Tdp;

    public string Key => $"{Cpu.Part.Id}+{Board.Part.Id}";

    /// <summary>What placement and the PCIe links read of a platform: the board, and the CPU's lanes, generation and count.</summary>
    public string LayoutKey => field ??= $"{Board.Part.Id}|{Cpu.Part.PcieLanes}|{Cpu.Part.PcieGen}|{CpuCount}";

    private readonly Dictionary<int, IReadOnlyList<ExpansionSlot>> _placements = [];

    /// <summary>The slots GPUs of <paramref name="thickness"/> whole slots take on this platform, best first; see <see cref="GpuPlacement"/>.</summary>
    public IReadOnlyList<ExpansionSlot> SlotsFor(int thickness)
    {
        if (!_placements.TryGetValue(thickness, out var slots))
            _placements[thickness] = slots = GpuPlacement.Place(Board.Part, Cpu.Part.PcieLanes, CpuCount, thickness);
        return slots;
    }
}

/// <summary>Owned cards of another model than a choice's bought ones, installed with them (first in slot order) at their own power limit.</summary>
public sealed record OwnedCards(Priced<Gpu> Gpu, int Count, Watts Limit);

/// <summary>
/// A number of one GPU model at one power limit (with, in a mixed build, owned cards of another model alongside), and
/// what the training model says the workloads do on them.
/// </summary>
/// <param name="Count">Every card of the build, the owned ones of <see cref="Alongside"/> included.</param>
/// <param name="SamplesPerSecond">The spec's score (<see cref="OptimizeSpec.Score"/>: the job's samples per second, or the effective figure over several) with every GPU on a full-width link of its generation: no slot gives more, so this bounds what any platform gives.</param>
/// <param name="HostRam">The most system memory any of the spec's jobs needs on these GPUs.</param>
public sealed record GpuChoice(Priced<Gpu> Gpu, int Count, Watts Limit, double SamplesPerSecond, Bytes HostRam)
{
    /// <summary>Owned cards of another model installed with these; null when every card is <see cref="Gpu"/>.</summary>
    public OwnedCards? Alongside { get; init; }

    /// <summary>How many cards of <see cref="Gpu"/>.</summary>
    public int MainCount => Count - (Alongside?.Count ?? 0);

    /// <summary>What the cards cost: the owned ones nothing, the rest at the part's price.</summary>
    public long Cents => Gpu.CostOf(MainCount) ?? throw new InvalidOperationException("a choice is made only of units that can be had");

    /// <summary>Every card with its power limit, in slot order: the owned ones alongside first.</summary>
    public IReadOnlyList<(Gpu Part, Watts Limit)> Cards => field ??=
    [
        .. Enumerable.Repeat((Alongside?.Gpu.Part!, Alongside?.Limit ?? Watts.Zero), Alongside?.Count ?? 0),
        .. Enumerable.Repeat((Gpu.Part, Limit), MainCount),
    ];

    /// <summary>The thickest card's whole slots: every card is placed as that thick.</summary>
    public int Thickness => Math.Max(SlotGeometry.WholeSlots(Gpu.Part.Thickness), Alongside is { } a ? SlotGeometry.WholeSlots(a.Gpu.Part.Thickness) : 0);

    public Watts Power => (Limit * MainCount) + (Alongside is { } a ? a.Limit * a.Count : Watts.Zero);

    /// <summary>The longest card.</summary>
    public Millimeters Length => Alongside is { } a && a.Gpu.Part.Length > Gpu.Part.Length ? a.Gpu.Part.Length : Gpu.Part.Length;

    public bool Passive => Gpu.Part.Cooler == Cooler.Passive || Alongside?.Gpu.Part.Cooler == Cooler.Passive;

    /// <summary>The power plugs of <paramref name="connector"/> the cards take together.</summary>
    public int Plugs(PowerConnector connector) =>
        (MainCount * Gpu.Part.PowerConnectors.Count(c => c == connector)) + (Alongside is { } a ? a.Count * a.Gpu.Part.PowerConnectors.Count(c => c == connector) : 0);

    /// <summary>
    /// A card whose links bound every card's, at the thickness the cards are placed at: what the link levels are worked
    /// out for. In a mixed build, the newer PCIe generation and the wider link of the two models (in some slot either
    /// one alone may be the faster), and peer-to-peer if either has it.
    /// </summary>
    public Gpu LinkCard => field ??= Alongside is not { } a
        ? Gpu.Part
        : Gpu.Part with
        {
            PcieGen = Math.Max(Gpu.Part.PcieGen, a.Gpu.Part.PcieGen),
            PcieWidth = Math.Max(Gpu.Part.PcieWidth, a.Gpu.Part.PcieWidth),
            Thickness = Slots.From(Thickness),
            PeerToPeer = Gpu.Part.PeerToPeer || a.Gpu.Part.PeerToPeer,
        };

    public string Key => Alongside is { } o ? $"{o.Count}x {o.Gpu.Part.Id} at {o.Limit} + {MainCount}x {Gpu.Part.Id} at {Limit}" : $"{Count}x {Gpu.Part.Id} at {Limit}";
}

/// <summary>A number of one memory module.</summary>
public sealed record MemoryChoice(Priced<MemoryModule> Module, int Count)
{
    public long Cents => Module.CostOf(Count) ?? throw new InvalidOperationException("a choice is made only of units that can be had");

    public Bytes Capacity => Module.Part.Capacity * Count;
}

/// <summary>One or more identical PSUs, and the most DC load they may carry on this site.</summary>
/// <param name="Capacity">Their summed rating at this mains voltage (derated at 100-127 V where the unit says so).</param>
/// <param name="MaxLoad">The most DC load for which the wall draw stays within the continuous limit of each circuit (the units on the site's circuits in turn) and within the spec's heat limit.</param>
public sealed record PsuChoice(Priced<Psu> Psu, int Count, Watts Capacity, Watts MaxLoad)
{
    public long Cents => Psu.CostOf(Count) ?? throw new InvalidOperationException("a choice is made only of units that can be had");

    public int Plugs(PowerConnector connector) => Psu.Part.Plugs(connector) * Count;

    /// <summary>The plugs of every connector kind, in the enum's order (for comparing PSU choices quickly).</summary>
    public int[] PlugCounts => field ??= Enum.GetValues<PowerConnector>().Select(Plugs).ToArray();
}

/// <summary>
/// Everything the solver chooses from: the priced parts of each category after exact-equivalence pruning (of parts
/// that agree in every value a check reads, the cheapest), the platforms, and the GPU choices with the training model's
/// verdict and throughput for each count and power limit.
/// </summary>
public sealed record CandidateSet(
    IReadOnlyList<Platform> Platforms,
    IReadOnlyList<GpuChoice> Gpus,
    IReadOnlyList<MemoryChoice> Memory,
    IReadOnlyList<Priced<Storage>> Drives,
    IReadOnlyList<PsuChoice> Psus,
    IReadOnlyList<Priced<Chassis>> Chassis,
    IReadOnlyList<LeftOut> LeftOut,
    ThroughputTable Table);

/// <summary>Builds the <see cref="CandidateSet"/> of a spec from the catalog.</summary>
public static class CandidateBuilder
{
    /// <summary>
    /// Policy: the power limits tried for each GPU, as fractions of its board power, within the range its driver
    /// accepts. Steps of a tenth keep the table small; a limit between two steps is not considered.
    /// </summary>
    public static readonly double[] PowerLimitSteps = [1.0, 0.9, 0.8, 0.7, 0.6];

    /// <summary>Policy: at most two identical PSUs (the usual way past one unit's rating; more need a custom harness).</summary>
    public const int MaxPsus = 2;

    /// <summary>The most memory modules a board in the catalog takes (16 DIMM slots on the dual-socket server boards).</summary>
    public const int MaxModules = 16;

    public static CandidateSet Build(OptimizeSpec spec, PartCatalog catalog, PriceBook? book)
    {
        var pricing = new Pricing(spec, book);
        var parts = PricedParts(spec, catalog, book, pricing);

        var cpus = Pareto(Cheapest(parts.OfType<Priced<Cpu>>(), CpuKey), c => c.Cents, CpuDominates);
        var boards = Cheapest(parts.OfType<Priced<Motherboard>>(), BoardKey);
        var platforms = new List<Platform>();
        foreach (var b in boards)
        {
            foreach (var c in cpus.Where(c => c.Part.Socket == b.Part.Socket && b.Part.CpuFamilies.Contains(c.Part.Family)))
            {
                var platform = new Platform(c, b.Part.Sockets, b);
                if (platform.Cents is not null)
                    platforms.Add(platform);
            }
        }

        var gpus = new List<GpuChoice>();
        var estimates = new Dictionary<string, FitEstimate[]>();
        var gpuParts = Cheapest(parts.OfType<Priced<Gpu>>(), GpuKey).GroupBy(g => GpuFamily(g.Part)).SelectMany(f => Pareto(f, g => g.Cents, GpuDominates)).ToList();
        // The job's verdict and speed on a set of cards, each on a full-width link of its generation (the most any
        // platform gives); every job must run on the build.
        GpuChoice? Fitting(GpuChoice choice)
        {
            var key = string.Join(';', choice.Cards.Select(c => $"{PerformanceKey(c.Part)}@{c.Limit.Value}"));
            if (!estimates.TryGetValue(key, out var estimate))
                estimates[key] = estimate = spec.Jobs.Select(j => Estimate(j.Job, choice.Cards)).ToArray();
            return estimate.All(e => e.Fits)
                ? choice with { SamplesPerSecond = spec.Score(estimate.Select(e => e.SamplesPerSecond).ToList()), HostRam = estimate.Max(e => e.HostRam) }
                : null;
        }

        foreach (var g in gpuParts)
        {
            var any = false;
            for (var n = spec.GpusMin; n <= spec.GpusMax; n++)
            {
                if (n < g.OwnedCount || g.CostOf(n) is null)
                    continue;
                foreach (var limit in Limits(g.Part))
                {
                    if (Fitting(new GpuChoice(g, n, limit, 0, Bytes.From(0))) is not { } choice)
                        continue;
                    any = true;
                    gpus.Add(choice);
                }
            }

            if (!any && !g.Owned)
            {
                pricing.Unusable(PartCategory.Gpu);
            }
        }

        // A mixed build around owned cards of one model: all of them, with bought cards of another model at the same
        // share of their board power (the owned ones kept inside their driver's range).
        if (gpuParts.Where(g => g.Owned).ToList() is [var owned])
        {
            foreach (var g in gpuParts.Where(g => !g.Owned && g.Buyable))
            {
                for (var n = Math.Max(spec.GpusMin, owned.OwnedCount + 1); n <= spec.GpusMax; n++)
                {
                    foreach (var f in PowerLimitSteps)
                    {
                        var limit = Math.Round(g.Part.BoardPower.Value * f);
                        if (limit < g.Part.PowerLimitMin.Value || limit > g.Part.PowerLimitMax.Value)
                            continue;
                        var ownedLimit = ElectricalModel.Clamp(Watts.From(Math.Round(owned.Part.BoardPower.Value * f)), owned.Part);
                        var mixed = new GpuChoice(g, n, Watts.From(limit), 0, Bytes.From(0)) { Alongside = new OwnedCards(owned, owned.OwnedCount, ownedLimit) };
                        if (Fitting(mixed) is { } choice)
                            gpus.Add(choice);
                    }
                }
            }
        }

        // The drives' forms each platform takes, for the platforms' dominance.
        var driveForms = parts.OfType<Priced<Storage>>().Select(d => (d.Part.Interface, d.Part.Form)).Distinct().ToList();
        platforms = PlatformDominance.Prune(platforms, gpus.Select(g => g.Thickness).Distinct().Order().ToList(), spec.GpusMax,
            p => p.Cpu.Owned || p.Board.Owned, p => string.Concat(driveForms.Select(f => Solving.BuildModel.DriveFits(p, f.Interface, f.Form) ? '1' : '0')));

        var memory = new List<MemoryChoice>();
        foreach (var m in Cheapest(parts.OfType<Priced<MemoryModule>>(), MemoryKey))
        {
            for (var count = Math.Max(1, m.OwnedCount); count <= MaxModules && m.CostOf(count) is not null; count++)
                memory.Add(new MemoryChoice(m, count));
        }

        // Only choices of one type, kind and total capacity can dominate each other: compared within those groups.
        memory = memory.GroupBy(x => (x.Module.Part.Type, x.Module.Part.Kind, x.Module.Part.Ecc, x.Capacity.Value))
            .SelectMany(g => Pareto(g, x => x.Cents, MemoryDominates)).ToList();

        var drives = Cheapest(parts.OfType<Priced<Storage>>().Where(d => d.Part.Capacity >= spec.Storage || d.Owned), StorageKey);

        var psus = new List<PsuChoice>();
        foreach (var p in parts.OfType<Priced<Psu>>())
        {
            if (spec.Site.Mains < p.Part.InputMin || spec.Site.Mains > p.Part.InputMax
                || p.Part.Plugs(PowerConnector.Eps8) + p.Part.Plugs(PowerConnector.Eps4) == 0)
            {
                pricing.Unusable(PartCategory.Psu);
                continue;
            }

            for (var count = Math.Max(1, p.OwnedCount); count <= MaxPsus && p.CostOf(count) is not null; count++)
                psus.Add(PsuChoiceOf(spec, p, count));
        }

        psus = Pareto(psus, x => x.Cents, PsuDominates);
        var chassis = Pareto(parts.OfType<Priced<Chassis>>().Where(c => spec.ChassisKinds.Count == 0 || spec.ChassisKinds.Contains(c.Part.Kind) || c.Owned)
                .Where(c => WithinSize(spec, c, pricing)), c => c.Cents, ChassisDominates);
        // A GPU choice no build can hold, or none within the budget, is dropped. Within a budget, a choice of any
        // category whose cost with the cheapest choice of every other category is over it cannot be part of any
        // answer either (twice, as each pass raises the others' cheapest).
        gpus = GpuBounds.Apply(spec, gpus, platforms, memory, drives, psus, chassis);
        if (spec.Budget is { } budget)
        {
            var limit = (long)Math.Floor(budget.Amount * 100m);
            for (var pass = 0; pass < 2 && platforms.Count > 0 && gpus.Count > 0 && memory.Count > 0 && drives.Count > 0 && psus.Count > 0 && chassis.Count > 0; pass++)
            {
                if (pass > 0)
                    gpus = GpuBounds.Apply(spec, gpus, platforms, memory, drives, psus, chassis);
                var least = new[]
                {
                    platforms.Min(p => p.Cents!.Value), gpus.Min(g => g.Cents), memory.Min(m => m.Cents), drives.Min(d => d.CostOf(1)!.Value),
                    psus.Min(p => p.Cents), chassis.Min(k => k.CostOf(1)!.Value),
                };
                var rest = least.Sum();
                platforms = platforms.Where(p => rest - least[0] + p.Cents!.Value <= limit).ToList();
                gpus = gpus.Where(g => rest - least[1] + g.Cents <= limit).ToList();
                memory = memory.Where(m => rest - least[2] + m.Cents <= limit).ToList();
                drives = drives.Where(d => rest - least[3] + d.CostOf(1)!.Value <= limit).ToList();
                psus = psus.Where(p => rest - least[4] + p.Cents <= limit).ToList();
                chassis = chassis.Where(k => rest - least[5] + k.CostOf(1)!.Value <= limit).ToList();
            }
        }

        return new CandidateSet(platforms, gpus, memory, drives, psus, chassis, pricing.LeftOutCounts, new ThroughputTable(spec));
    }

    /// <summary>
    /// The priced parts of every category: the curated catalog's, and the broad tier's that the price book prices (the
    /// tier carries no prices of its own, so its other parts are counted as unpriced without being read).
    /// </summary>
    private static List<object> PricedParts(OptimizeSpec spec, PartCatalog catalog, PriceBook? book, Pricing pricing)
    {
        var result = new List<object>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in catalog.Entries.Where(e => e.Curated))
        {
            if (catalog.Find(entry.Id) is { } part && seen.Add(part.Id) && Price(part, pricing) is { } priced)
                result.Add(priced);
        }

        var named = new HashSet<string>((book?.Prices.Keys ?? []).Concat(spec.Owned.Select(o => o.Id)), StringComparer.Ordinal);
        var unpriced = new Dictionary<PartCategory, int>();
        foreach (var entry in catalog.BroadEntries())
        {
            if (!named.Contains(entry.Id))
            {
                unpriced[entry.Category] = unpriced.GetValueOrDefault(entry.Category) + 1;
                continue;
            }

            if (catalog.Find(entry.Id) is { } part && seen.Add(part.Id) && Price(part, pricing) is { } priced)
                result.Add(priced);
        }

        foreach (var (category, count) in unpriced)
            pricing.Unpriced(category, count);
        return result;
    }

    private static object? Price(Part part, Pricing pricing) => part switch
    {
        Cpu c => pricing.Price(c),
        Motherboard b => pricing.Price(b),
        MemoryModule m => pricing.Price(m),
        Gpu g => pricing.Price(g),
        Storage s => pricing.Price(s),
        Psu p => pricing.Price(p),
        Chassis c => pricing.Price(c),
        _ => null, // adapters: the optimizer builds without risers
    };

    /// <summary>
    /// Of parts that agree on <paramref name="key"/> (every value a check or the training model reads), the cheapest;
    /// owned parts always stay. Dropping the others loses no answer: any build with one of them costs at least as
    /// much with the same verdicts.
    /// </summary>
    private static List<Priced<T>> Cheapest<T>(IEnumerable<Priced<T>> parts, Func<T, string> key)
        where T : Part =>
        parts.GroupBy(p => key(p.Part))
            .SelectMany(g => g.Where(p => p.Owned).Concat(g.Where(p => !p.Owned).OrderBy(p => p.Cents).ThenBy(p => p.Part.Id, StringComparer.Ordinal).Take(1)))
            .ToList();

    private static string CpuKey(Cpu c) =>
        string.Join('|', c.Socket, c.Family, c.PcieLanes, c.PcieGen, (c.LoadPower ?? c.Tdp).Value, MemoryKind(c), c.Memory.MaxSpeed.Value, c.Memory.MaxCapacity.Value);

    /// <summary>What of a CPU's memory support must match exactly for one CPU to stand in for another.</summary>
    private static string MemoryKind(Cpu c) =>
        string.Join('|', c.Memory.Type, c.Memory.Channels, string.Join(',', c.Memory.ModuleKinds), c.Memory.Ecc, string.Join(',', c.Memory.OtherTypes));

    private static string BoardKey(Motherboard b) =>
        string.Join('|', b.Socket, b.Sockets, b.Chipset, b.FormFactor, string.Join(',', b.CpuFamilies), b.MemoryType, b.DimmSlots, b.MaxMemory.Value,
            b.MaxMemorySpeed.Value, string.Join(',', b.ModuleKinds), b.SataPorts, b.ChipsetUplinkLanes, b.ChipsetUplinkGen,
            b.Power.Eps8, b.Power.Eps4, string.Join(',', b.Power.SlotPower),
            string.Join(';', b.Slots.Select(x => $"{x.Id},{x.Position},{x.MechanicalWidth},{x.Gen},{x.Source},{x.Socket},{string.Join('/', x.WidthByCpuLanes.OrderBy(w => w.Key).Select(w => $"{w.Key}:{w.Value}"))}")),
            string.Join(';', b.Ports.Select(x => $"{x.Id},{x.Kind},{string.Join('/', x.Interfaces)},{x.Gen},{x.Source},{x.Socket},{string.Join('/', x.SharesWith)},{string.Join('/', x.LanesByCpuLanes.OrderBy(w => w.Key).Select(w => $"{w.Key}:{w.Value}"))}")));

    /// <summary>
    /// The parts or choices no other one dominates: cheaper or as cheap, and at least as good in every value the model
    /// reads (<paramref name="dominates"/>). Owned ones always stay. Dropping a dominated one loses no answer of the
    /// model: whatever it allows, the dominating one allows for no more money. (The full check reads more than the
    /// model; a build it fails is cut, and a dominated alternative is not tried then.)
    /// </summary>
    private static List<T> Pareto<T>(IEnumerable<T> items, Func<T, long> cost, Func<T, T, bool> dominates)
    {
        var kept = new List<T>();
        foreach (var item in items.OrderBy(cost))
        {
            if (IsOwned(item) || !kept.Any(k => !IsOwned(k) && dominates(k, item)))
                kept.Add(item);
        }

        return kept;
    }

    private static bool IsOwned(object? item) => item switch
    {
        Priced<Gpu> g => g.Owned,
        Priced<Cpu> c => c.Owned,
        Priced<Chassis> c => c.Owned,
        MemoryChoice m => m.Module.Owned,
        PsuChoice p => p.Psu.Owned,
        _ => false,
    };

    /// <summary>Same socket, family and memory support; no more power; at least the lanes, generation and memory reach.</summary>
    private static bool CpuDominates(Priced<Cpu> a, Priced<Cpu> b)
    {
        var (x, y) = (a.Part, b.Part);
        return x.Socket == y.Socket && x.Family == y.Family && MemoryKind(x) == MemoryKind(y)
            && (x.LoadPower ?? x.Tdp) <= (y.LoadPower ?? y.Tdp) && x.PcieLanes >= y.PcieLanes && x.PcieGen >= y.PcieGen
            && x.Memory.MaxSpeed >= y.Memory.MaxSpeed && x.Memory.MaxCapacity >= y.Memory.MaxCapacity;
    }

    /// <summary>What GPUs must share for one to stand in for another: performance, chip, links, thickness, cooler, NVLink, power-limit range.</summary>
    private static string GpuFamily(Gpu g) =>
        string.Join('|', PerformanceKey(g), g.Chip, ThroughputTable.LinkKey(g), g.Cooler, g.NvlinkBandwidth?.Value, g.PowerLimitMin.Value, g.PowerLimitMax.Value);

    /// <summary>Of one family (<see cref="GpuFamily"/>): no longer or taller, no more slot power, and no more plugs of any kind.</summary>
    private static bool GpuDominates(Priced<Gpu> a, Priced<Gpu> b)
    {
        var (x, y) = (a.Part, b.Part);
        return x.Length <= y.Length && x.Height <= y.Height && x.SlotPower <= y.SlotPower
            && Enum.GetValues<PowerConnector>().All(c => x.PowerConnectors.Count(p => p == c) <= y.PowerConnectors.Count(p => p == c));
    }

    /// <summary>
    /// The same type and kind of module and the same capacity in no more modules (more capacity is not better: the
    /// model keeps the total within the platform's documented maximum).
    /// </summary>
    private static bool MemoryDominates(MemoryChoice a, MemoryChoice b) =>
        a.Module.Part.Type == b.Module.Part.Type && a.Module.Part.Kind == b.Module.Part.Kind && a.Module.Part.Ecc == b.Module.Part.Ecc
        && a.Capacity == b.Capacity && a.Count <= b.Count;

    /// <summary>At least the load on this site, and at least as many plugs of every kind.</summary>
    private static bool PsuDominates(PsuChoice a, PsuChoice b)
    {
        if (Usable(a) < Usable(b))
            return false;
        var (x, y) = (a.PlugCounts, b.PlugCounts);
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] < y[i])
                return false;
        }

        return true;
    }

    private static Watts Usable(PsuChoice p) => p.MaxLoad < p.Capacity ? p.MaxLoad : p.Capacity;

    /// <summary>The same kind, every board form it takes and more, and at least the openings, card length and card count.</summary>
    private static bool ChassisDominates(Priced<Chassis> a, Priced<Chassis> b)
    {
        var (x, y) = (a.Part, b.Part);
        return x.Kind == y.Kind && y.FormFactors.All(x.FormFactors.Contains) && x.ExpansionSlots >= y.ExpansionSlots
            && x.MaxGpuLength >= y.MaxGpuLength && x.GpuCapacity >= y.GpuCapacity;
    }

    /// <summary>Within the spec's chassis size: a chassis without a known volume, or a larger one, is left out and counted (an owned one stays).</summary>
    private static bool WithinSize(OptimizeSpec spec, Priced<Chassis> c, Pricing pricing)
    {
        if (spec.ChassisSize is not { } most || c.Owned || c.Part.Volume <= most)
            return true;
        pricing.Unusable(PartCategory.Chassis);
        return false;
    }

    private static string GpuKey(Gpu g) =>
        string.Join('|', PerformanceKey(g), g.Chip, string.Join(',', g.PowerConnectors), g.SlotPower.Value, g.Thickness.Value, g.Length.Value,
            g.Height.Value, g.Cooler, g.PcieWidth, g.NvlinkBandwidth?.Value, g.PeerToPeer);

    /// <summary>What the training model reads of a GPU.</summary>
    public static string PerformanceKey(Gpu g) =>
        string.Join('|', g.Vram.Value, g.TensorBf16?.Value, g.TensorFp16.Value, g.BoardPower.Value, g.MemoryBandwidth.Value, g.PcieGen);

    private static string MemoryKey(MemoryModule m) =>
        string.Join('|', m.Type, m.Kind, m.Capacity.Value, m.Speed.Value, m.Ranks, m.DieDensityGbit, m.StackedDie, m.Ecc, m.Voltage.Value);

    private static string StorageKey(Storage s) =>
        string.Join('|', s.Interface, s.Form, s.PcieGen, s.PcieLanes, s.Capacity.Value, s.ActivePower.Value, s.IdlePower.Value, s.SequentialRead.Value);

    /// <summary>The power limits tried: <see cref="PowerLimitSteps"/> of the board power inside the driver's range, distinct.</summary>
    public static IReadOnlyList<Watts> Limits(Gpu g) =>
        PowerLimitSteps.Select(f => Math.Round(g.BoardPower.Value * f))
            .Where(w => w >= g.PowerLimitMin.Value && w <= g.PowerLimitMax.Value)
            .DefaultIfEmpty(g.BoardPower.Value)
            .Distinct().Select(Watts.From).ToList();

    /// <summary>
    /// The workload on the cards, each at its power limit on a full-width link of its generation with the all-reduce
    /// at the fastest of those links: a slot never gives more, so the throughput is the most any platform can give (the
    /// answer's own is then taken from its full check).
    /// </summary>
    private static FitEstimate Estimate(TrainingJob job, IReadOnlyList<(Gpu Part, Watts Limit)> cards)
    {
        var targets = cards.Select((c, i) => new GpuTarget($"GPU{i}", c.Part.Vram, c.Part.TensorBf16, c.Part.TensorFp16, c.Limit, c.Part.BoardPower, false,
                PcieMath.Bandwidth(c.Part.PcieGen, c.Part.PcieWidth), c.Part.MemoryBandwidth))
            .ToList();
        // The ring at the fastest link any of the cards has (NVLink where a card has it): no build's is faster.
        var allreduce = cards.Count > 1
            ? cards.Select(c => c.Part.NvlinkBandwidth is { } nv && nv > PcieMath.Bandwidth(c.Part.PcieGen, c.Part.PcieWidth) ? nv : PcieMath.Bandwidth(c.Part.PcieGen, c.Part.PcieWidth)).Max()
            : GigabytesPerSecond.From(0);
        return TrainingEstimator.Estimate(job.Settings with { Gpus = cards.Count }, job.Model, new RigContext(targets, allreduce, Watts.From(0)));
    }

    private static PsuChoice PsuChoiceOf(OptimizeSpec spec, Priced<Psu> p, int count)
    {
        var site = spec.Site;
        var lowLine = site.Mains <= ElectricalConstants.LowLineMax && p.Part.WattageLowLine is not null;
        var unit = lowLine ? p.Part.WattageLowLine!.Value : p.Part.Wattage;
        var capacity = unit * count;
        var circuitLimit = ElectricalModel.CircuitLimit(site);

        // The wall draw of a DC load shared by identical units: each at load / count, at the efficiency of that load.
        // The units go on the site's circuits in turn, so the most loaded circuit carries ceil(count / circuits) of
        // them; the heat limit reads the whole draw.
        var perCircuit = (double)((count + site.Circuits - 1) / site.Circuits) / count;
        double Wall(double dc) => dc / Efficiency.At(p.Part.Efficiency, site.Mains, dc / capacity.Value);
        bool Within(double dc) => Wall(dc) * perCircuit <= circuitLimit.Value && (spec.HeatLimit is not { } heat || Wall(dc) <= heat.Value);
        double lo = 0, hi = capacity.Value;
        if (Within(hi))
            lo = hi;
        else
        {
            for (var i = 0; i < 60; i++)
            {
                var mid = (lo + hi) / 2;
                if (Within(mid))
                    lo = mid;
                else
                    hi = mid;
            }
        }

        return new PsuChoice(p, count, capacity, Watts.From(Math.Floor(lo)));
    }
}
