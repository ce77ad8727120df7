using Google.OrTools.Sat;
using Rigsmith.Catalog;
using Rigsmith.Optimizer.Candidates;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning.Electrical;
using Rigsmith.Standards;

namespace Rigsmith.Optimizer.Solving;

/// <summary>One part of a build: how many, what they cost together, and the price it rests on.</summary>
/// <param name="Cents">What the units cost together (owned ones nothing), in hundredths of the spec's currency.</param>
public sealed record PartLine(string Role, Part Part, int Units, long Cents, long UnitCents, PriceObservation? Observation, ExchangeRate? Rate, int Owned)
{
    public static PartLine Of<T>(string role, Priced<T> p, int units)
        where T : Part => new(role, p.Part, units, p.CostOf(units) ?? 0, p.Cents, p.Observation, p.Rate, Math.Min(units, p.OwnedCount));
}

/// <summary>One build: a choice in every category.</summary>
public sealed record Selection(Platform Platform, GpuChoice Gpus, MemoryChoice Memory, Priced<Storage> Drive, PsuChoice Psu, Priced<Chassis> Chassis)
{
    public long Cents => Lines.Sum(l => l.Cents);

    /// <summary>The parts in the order of a part list.</summary>
    public IReadOnlyList<PartLine> Lines =>
    [
        PartLine.Of("cpu", Platform.Cpu, Platform.CpuCount), PartLine.Of("motherboard", Platform.Board, 1), PartLine.Of("memory", Memory.Module, Memory.Count),
        .. Gpus.Alongside is { } owned ? [PartLine.Of("gpu", owned.Gpu, owned.Count)] : Array.Empty<PartLine>(),
        PartLine.Of("gpu", Gpus.Gpu, Gpus.MainCount), PartLine.Of("storage", Drive, 1), PartLine.Of("psu", Psu.Psu, Psu.Count), PartLine.Of("chassis", Chassis, 1),
    ];

    public string Key => $"{Platform.Key} {Gpus.Key} {Memory.Count}x {Memory.Module.Part.Id} {Drive.Part.Id} {Psu.Count}x {Psu.Psu.Part.Id} {Chassis.Part.Id}";
}

/// <summary>
/// The spec as a CP-SAT model: a one-hot choice per category (platform, GPU model with count and power limit, memory
/// module with count, drive, PSU with count, chassis) and the constraints a check would otherwise fail on, each linear
/// over those choices: board against chassis, the cards' placement and the chassis's openings, GPU count and length,
/// passive cards in a rack, memory type, kind, slots and capacity, the drive's port, the sustained DC load against the
/// PSUs' rating and against the circuit (and heat limit) through each PSU's efficiency, the GPUs' power plugs, and the
/// budget. What is not linear (the 12 V at the slots, the thermal model) is left to the full check of each answer.
/// </summary>
public sealed class BuildModel
{
    /// <summary>Throughput is counted in thousandths of a sample per second, so the solver works in integers.</summary>
    public const long ThroughputScale = 1000;

    private readonly CandidateSet _c;
    private readonly BoolVar[] _platform, _gpu, _memory, _drive, _psu, _chassis;

    public CpModel Model { get; } = new();

    public CandidateSet Candidates => _c;

    /// <summary>What the build costs, in hundredths of the spec's currency.</summary>
    public LinearExpr Cost { get; }

    /// <summary>
    /// The training model's samples per second (<see cref="ThroughputScale"/>) on the chosen platform's links; its
    /// constraints are added when first asked for (least money needs only <see cref="ThroughputBound"/>).
    /// </summary>
    public LinearExpr Throughput => _throughput ??= ThroughputOf(_c);

    private LinearExpr? _throughput;

    /// <summary>The chosen GPUs' samples per second at full-width links: no platform gives more; a tie-break for least money.</summary>
    public LinearExpr ThroughputBound { get; }

    public BuildModel(OptimizeSpec spec, CandidateSet c)
    {
        _c = c;
        var m = Model;
        _platform = c.Platforms.Select((_, i) => m.NewBoolVar($"platform{i}")).ToArray();
        _gpu = c.Gpus.Select((_, i) => m.NewBoolVar($"gpu{i}")).ToArray();
        _memory = c.Memory.Select((_, i) => m.NewBoolVar($"memory{i}")).ToArray();
        _drive = c.Drives.Select((_, i) => m.NewBoolVar($"drive{i}")).ToArray();
        _psu = c.Psus.Select((_, i) => m.NewBoolVar($"psu{i}")).ToArray();
        _chassis = c.Chassis.Select((_, i) => m.NewBoolVar($"chassis{i}")).ToArray();
        foreach (var group in new[] { _platform, _gpu, _memory, _drive, _psu, _chassis })
            m.AddExactlyOne(group);

        // Placement: the choices of each card thickness and count need a platform that places that many (greedily,
        // see GpuPlacement), and a chassis with openings down to the last position those cards reach on the chosen
        // platform. Stated per thickness and count, each over the platforms, rather than per platform.
        var chassisOpenings = Weighted(_chassis, c.Chassis.Select(k => (long)k.Part.ExpansionSlots));
        foreach (var (t, n) in c.Gpus.Select(g => (g.Thickness, g.Count)).Distinct())
        {
            var chosen = Sum(Where(_gpu, c.Gpus, g => g.Thickness == t && g.Count == n));
            m.Add(chosen <= Sum(Where(_platform, c.Platforms, p => p.SlotsFor(t).Count >= n)));
            var reach = c.Platforms.Select(p => p.SlotsFor(t) is var slots && slots.Count >= n ? (long)GpuPlacement.LastPosition(slots, n, t) : 0L);
            m.Add(chassisOpenings >= Weighted(_platform, reach)).OnlyEnforceIf(Literal(m, chosen));
        }

        m.Add(Weighted(_gpu, c.Gpus.Select(g => (long)g.Count)) <= Weighted(_chassis, c.Chassis.Select(k => (long)k.Part.GpuCapacity)));
        m.Add(Weighted(_gpu, c.Gpus.Select(g => (long)Math.Ceiling(g.Length.Value)))
            <= Weighted(_chassis, c.Chassis.Select(k => (long)Math.Floor(k.Part.MaxGpuLength.Value))));
        m.Add(Sum(Where(_gpu, c.Gpus, g => g.Passive))
            <= Sum(Where(_chassis, c.Chassis, k => k.Part.Kind == ChassisKind.Rackmount)));

        // The board's form factor in the chassis.
        foreach (var form in c.Platforms.Select(p => p.Board.Part.FormFactor).Distinct())
        {
            var boards = Sum(Where(_platform, c.Platforms, p => p.Board.Part.FormFactor == form));
            for (var k = 0; k < c.Chassis.Count; k++)
            {
                if (!c.Chassis[k].Part.FormFactors.Contains(form))
                    m.Add(boards + _chassis[k] <= 1);
            }
        }

        // Memory: a type and kind both the CPU and the board take, no more modules than DIMM slots, capacity.
        foreach (var kind in c.Memory.Select(x => (x.Module.Part.Type, x.Module.Part.Kind)).Distinct())
        {
            m.Add(Sum(Where(_memory, c.Memory, x => (x.Module.Part.Type, x.Module.Part.Kind) == kind))
                <= Sum(Where(_platform, c.Platforms, p => TakesMemory(p, kind.Type, kind.Kind))));
        }

        var moduleCount = Weighted(_memory, c.Memory.Select(x => (long)x.Count));
        m.Add(moduleCount <= Weighted(_platform, c.Platforms.Select(p => (long)p.Board.Part.DimmSlots)));
        var memoryGib = Weighted(_memory, c.Memory.Select(x => (long)Math.Floor(x.Capacity.Value / Units.Bytes.GiB)));
        m.Add(memoryGib >= Weighted(_gpu, c.Gpus.Select(g => (long)Math.Ceiling(SystemMemory(spec, g).Value / Units.Bytes.GiB))));
        m.Add(memoryGib <= Weighted(_platform, c.Platforms.Select(p => (long)Math.Floor(MemoryLimit(p).Value / Units.Bytes.GiB))));

        // The drive's port.
        foreach (var (iface, form) in c.Drives.Select(d => (d.Part.Interface, d.Part.Form)).Distinct())
        {
            m.Add(Sum(Where(_drive, c.Drives, d => (d.Part.Interface, d.Part.Form) == (iface, form)))
                <= Sum(Where(_platform, c.Platforms, p => DriveFits(p, iface, form))));
        }

        // Power: the sustained DC load as the electrical model counts it, within the PSUs' rating and, through their
        // efficiency, within the circuit's continuous limit and the heat limit.
        var load = Weighted(_platform, c.Platforms.Select(p => (long)Math.Ceiling(p.CpuPower.Value)))
            + Weighted(_gpu, c.Gpus.Select(g => (long)Math.Ceiling(g.Power.Value)))
            + (moduleCount * (long)ElectricalConstants.MemoryModulePower.Value)
            + Weighted(_drive, c.Drives.Select(d => (long)Math.Ceiling(d.Part.ActivePower.Value)))
            + (long)Math.Ceiling(ElectricalConstants.BoardPower.Value + (ElectricalConstants.FanPower.Value * ElectricalConstants.BoardFans));
        // One PSU choice is made, so the weighted sum is that choice's limit (tighter for the solver than one constraint per PSU).
        m.Add(load <= Weighted(_psu, c.Psus.Select(p => (long)Math.Floor((p.Capacity < p.MaxLoad ? p.Capacity : p.MaxLoad).Value))));

        foreach (var connector in c.Gpus.SelectMany(g => g.Cards.Select(x => x.Part).Distinct()).SelectMany(x => x.PowerConnectors).Distinct())
        {
            m.Add(Weighted(_gpu, c.Gpus.Select(g => (long)g.Plugs(connector)))
                <= Weighted(_psu, c.Psus.Select(p => (long)p.Plugs(connector))));
        }

        Cost = Weighted(_platform, c.Platforms.Select(p => p.Cents!.Value)) + Weighted(_gpu, c.Gpus.Select(g => g.Cents))
            + Weighted(_memory, c.Memory.Select(x => x.Cents)) + Weighted(_drive, c.Drives.Select(d => d.CostOf(1)!.Value))
            + Weighted(_psu, c.Psus.Select(p => p.Cents)) + Weighted(_chassis, c.Chassis.Select(k => k.CostOf(1)!.Value));
        if (spec.Budget is { } budget)
            m.Add(Cost <= (long)Math.Floor(budget.Amount * 100m));
        ThroughputBound = Weighted(_gpu, c.Gpus.Select(g => Scaled(g.SamplesPerSecond)));

        // Owned parts must be used: the category's choice is one that holds them.
        foreach (var owned in spec.Owned)
            RequireOwned(owned.Id);
    }

    /// <summary>
    /// The throughput: at most the chosen GPUs' figure at the link levels (the ring all-reduce and host links the
    /// check's plan would find) the chosen platform gives them (the choices are one-hot, so a weighted sum over them is
    /// the chosen one's figure).
    /// </summary>
    private LinearExpr ThroughputOf(CandidateSet c)
    {
        var m = Model;
        var parts = new List<IntVar>();
        // The choices that share a card's links and a count share their link level on every platform: one part of the
        // throughput per such group (zero unless one of its choices is made), bounded on each level by the figures there,
        // enforced when the chosen platform gives that level.
        var best = new long[c.Gpus.Count];
        foreach (var group in Enumerable.Range(0, c.Gpus.Count).GroupBy(i => (ThroughputTable.LinkKey(c.Gpus[i].LinkCard), c.Gpus[i].Count)))
        {
            var members = group.ToArray();
            var vars = members.Select(i => _gpu[i]).ToArray();
            var sample = c.Gpus[members[0]];
            var levels = new List<(long[] Figures, List<BoolVar> Platforms)>();
            var byLevel = new Dictionary<LinkLevel, int>();
            var none = new List<BoolVar>();
            for (var p = 0; p < c.Platforms.Count; p++)
            {
                if (c.Table.Level(c.Platforms[p], sample.LinkCard, sample.Count) is not { } level)
                {
                    none.Add(_platform[p]);
                    continue;
                }

                if (!byLevel.TryGetValue(level, out var index))
                {
                    byLevel[level] = index = levels.Count;
                    levels.Add((members.Select(i => Scaled(c.Table.SamplesPerSecond(c.Gpus[i], level))).ToArray(), []));
                }

                levels[index].Platforms.Add(_platform[p]);
            }

            for (var k = 0; k < members.Length; k++)
                best[members[k]] = levels.Count == 0 ? 0 : levels.Max(l => l.Figures[k]);
            var part = m.NewIntVar(0, members.Max(i => best[i]), "");
            m.Add(part <= LinearExpr.WeightedSum(vars, members.Select(i => best[i]).ToArray()));
            foreach (var (figures, platforms) in levels)
                m.Add(part <= LinearExpr.WeightedSum(vars, figures)).OnlyEnforceIf(AnyOf(m, platforms));
            if (none.Count > 0)
                m.Add(part == 0).OnlyEnforceIf(AnyOf(m, none));
            parts.Add(part);
        }

        var throughput = m.NewIntVar(0, best.Length == 0 ? 0 : best.Max(), "throughput");
        m.Add(throughput == LinearExpr.Sum(parts.ToArray()));
        // Each choice's best figure on any platform: a bound the solver's linear relaxation can use (the enforced
        // constraints above it cannot), so it rules out choices no platform makes fast.
        m.Add(throughput <= LinearExpr.WeightedSum(_gpu, best));
        return throughput;
    }

    public static long Scaled(double samplesPerSecond) => (long)Math.Round(samplesPerSecond * ThroughputScale);

    /// <summary>
    /// System memory for the workload on these GPUs: what the spec asks, else as much as one GPU holds (assumption: a
    /// checkpoint that fills a card is loaded through host memory), and never less than the training model's host need.
    /// </summary>
    public static Units.Bytes SystemMemory(OptimizeSpec spec, GpuChoice g)
    {
        var floor = spec.SystemMemory ?? g.Cards.Max(c => c.Part.Vram);
        return g.HostRam > floor ? g.HostRam : floor;
    }

    /// <summary>Whether both the CPU and the board take modules of this type and kind.</summary>
    private static bool TakesMemory(Platform p, MemoryType type, ModuleKind kind)
    {
        var (cpu, board) = (p.Cpu.Part, p.Board.Part);
        return cpu.Memory.Takes(type) && board.MemoryType == type && cpu.Memory.ModuleKinds.Contains(kind) && board.ModuleKinds.Contains(kind);
    }

    private static Units.Bytes MemoryLimit(Platform p)
    {
        var cpu = p.Cpu.Part.Memory.MaxCapacity * p.CpuCount;
        return cpu < p.Board.Part.MaxMemory ? cpu : p.Board.Part.MaxMemory;
    }

    /// <summary>Whether the platform has a live port for a drive of this interface and form (risers and adapters are not used).</summary>
    public static bool DriveFits(Platform p, StorageInterface iface, StorageForm form)
    {
        var (board, lanes, sockets) = (p.Board.Part, p.Cpu.Part.PcieLanes, p.CpuCount);
        return form switch
        {
            StorageForm.M2 => board.Ports.Any(x => x.Kind == PortKind.M2 && x.Interfaces.Contains(iface) && x.Socket <= sockets && x.LanesFor(lanes) > 0),
            StorageForm.U2 => board.Ports.Any(x => x.Kind == PortKind.U2 && x.Interfaces.Contains(iface) && x.Socket <= sockets && x.LanesFor(lanes) > 0),
            StorageForm.Sata25 or StorageForm.Sata35 => iface == StorageInterface.Sata && board.SataPorts > 0,
            _ => false,
        };
    }

    /// <summary>Rules out this one build; the search then finds the next best.</summary>
    public void Forbid(Selection s) =>
        Model.AddBoolOr([
            _platform[Index(_c.Platforms, s.Platform)].Not(), _gpu[Index(_c.Gpus, s.Gpus)].Not(), _memory[Index(_c.Memory, s.Memory)].Not(),
            _drive[Index(_c.Drives, s.Drive)].Not(), _psu[Index(_c.Psus, s.Psu)].Not(), _chassis[Index(_c.Chassis, s.Chassis)].Not(),
        ]);

    /// <summary>Requires a build on another GPU model than this card's (another chip or memory size), for runners-up that differ.</summary>
    public void ForbidGpu(Gpu gpu) =>
        Model.Add(Sum(Where(_gpu, _c.Gpus, g => SameModel(g.Gpu.Part, gpu))) == 0);

    /// <summary>Two cards of one GPU model: the same chip with the same memory (an RTX 3090 of any maker).</summary>
    public static bool SameModel(Gpu a, Gpu b) => a.Chip == b.Chip && a.Vram == b.Vram;

    /// <summary>The build the solver chose.</summary>
    public Selection Read(CpSolver solver) => new(
        _c.Platforms[Chosen(solver, _platform)], _c.Gpus[Chosen(solver, _gpu)], _c.Memory[Chosen(solver, _memory)],
        _c.Drives[Chosen(solver, _drive)], _c.Psus[Chosen(solver, _psu)], _c.Chassis[Chosen(solver, _chassis)]);

    private void RequireOwned(string id)
    {
        var holders = new List<ILiteral>();
        holders.AddRange(Where(_platform, _c.Platforms, p => p.Cpu.Part.Id == id || p.Board.Part.Id == id));
        holders.AddRange(Where(_gpu, _c.Gpus, g => g.Gpu.Part.Id == id || g.Alongside?.Gpu.Part.Id == id));
        holders.AddRange(Where(_memory, _c.Memory, x => x.Module.Part.Id == id));
        holders.AddRange(Where(_drive, _c.Drives, d => d.Part.Id == id));
        holders.AddRange(Where(_psu, _c.Psus, p => p.Psu.Part.Id == id));
        holders.AddRange(Where(_chassis, _c.Chassis, k => k.Part.Id == id));
        Model.AddBoolOr(holders);
    }

    private static int Chosen(CpSolver solver, BoolVar[] vars) => Array.FindIndex(vars, solver.BooleanValue);

    private static int Index<T>(IReadOnlyList<T> list, T item)
        where T : class
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], item))
                return i;
        }

        throw new ArgumentException("not a candidate of this model", nameof(item));
    }

    private static IEnumerable<BoolVar> Where<T>(BoolVar[] vars, IReadOnlyList<T> items, Func<T, bool> keep)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (keep(items[i]))
                yield return vars[i];
        }
    }

    private static LinearExpr Sum(IEnumerable<BoolVar> vars) => LinearExpr.Sum(vars.ToArray());

    private static LinearExpr Weighted(BoolVar[] vars, IEnumerable<long> weights) => LinearExpr.WeightedSum(vars, weights.ToArray());

    /// <summary>A literal true when one of these choices of one category is made (the choice's own for one).</summary>
    private static BoolVar AnyOf(CpModel m, List<BoolVar> choices) => choices.Count == 1 ? choices[0] : Literal(m, LinearExpr.Sum(choices.ToArray()));

    /// <summary>A literal equal to a sum of one-hot choices (which is 0 or 1).</summary>
    private static BoolVar Literal(CpModel m, LinearExpr oneHotSum)
    {
        var b = m.NewBoolVar("");
        m.Add(oneHotSum == b);
        return b;
    }
}
