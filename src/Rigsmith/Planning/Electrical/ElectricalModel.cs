using Rigsmith.Catalog;
using Rigsmith.Rigs;
using Rigsmith.Standards;
using Rigsmith.Units;

namespace Rigsmith.Planning.Electrical;

/// <summary>One thing that draws sustained DC power, and what its figure rests on.</summary>
public sealed record Consumer(string Name, Watts Power, string Basis);

/// <summary>One PSU unit's share of the load.</summary>
/// <param name="Circuit">The circuit the unit is plugged into, from 1 (see <see cref="Rigs.Site.Circuits"/>).</param>
public sealed record PsuLoad(Psu Psu, int Unit, Watts Capacity, bool LowLine, Watts Load, double Efficiency, Watts Wall, string Curve, int Circuit = 1)
{
    public double LoadFraction => Capacity.Value <= 0 ? double.PositiveInfinity : Load / Capacity;
}

/// <summary>Everything the electrical model computes for one set of GPU power limits.</summary>
public sealed record ElectricalState(
    IReadOnlyList<Watts> GpuLimits,
    IReadOnlyList<Consumer> Consumers,
    Watts DcLoad,
    IReadOnlyList<PsuLoad> Psus,
    Watts Capacity,
    Watts Wall,
    Watts TransientPeak,
    Watts TransientCapacity,
    Watts SlotLoad,
    SlotPathResult SlotPath,
    Watts CircuitLimit,
    SlotLoads SlotLoads,
    SlotPathResult SlotPathWorst,
    SlotPathResult SlotPathTransient)
{
    public double Efficiency => Wall.Value <= 0 ? 0 : DcLoad / Wall;
    public Watts Heat => Wall;
    public bool PsuOk => Psus.All(p => p.Load <= p.Capacity) && Psus.Count > 0;
    public bool TransientOk => TransientPeak <= TransientCapacity;
    /// <summary>The worst case's sustained slot voltage at or above the card-edge floor (the slot verdict).</summary>
    public bool SlotVoltageOk => !SlotPathWorst.Collapsed && SlotPathWorst.SlotVoltage >= Atx.CardEdgeMinimum;

    /// <summary>The worst case's slot voltage during coincident GPU spikes at or above the card-edge floor.</summary>
    public bool SlotTransientOk => !SlotPathTransient.Collapsed && SlotPathTransient.SlotVoltage >= Atx.CardEdgeMinimum;

    /// <summary>
    /// The typical case's +12 V at the board's 24-pin (the load end of the PSU's lead, where ATX regulation applies) at
    /// or above 11.40 V. Judged on the typical case: the worst case puts the unit's regulation at the ATX limit already.
    /// </summary>
    public bool Atx24Ok => !SlotPath.Collapsed && SlotPath.Atx24Voltage >= Atx.RailMinimum;

    public bool SlotPinsOk => SlotPathWorst.Branches.All(b => !b.OverRating);

    /// <summary>The wall draw on each circuit the PSUs are plugged into (one entry per circuit in use, at least one).</summary>
    /// <remarks>Loops, not LINQ: every check evaluates it, the power-limit advice for many states (docs/architecture.md).</remarks>
    public IReadOnlyList<Watts> CircuitWalls => field ??= SumByCircuit(Psus);

    /// <summary>The draw of the most loaded circuit.</summary>
    public Watts CircuitWall
    {
        get
        {
            var most = Watts.Zero;
            foreach (var w in CircuitWalls)
                most = w > most ? w : most;
            return most;
        }
    }

    private static Watts[] SumByCircuit(IReadOnlyList<PsuLoad> psus)
    {
        var circuits = 1;
        foreach (var p in psus)
            circuits = Math.Max(circuits, p.Circuit);
        var walls = new Watts[circuits];
        foreach (var p in psus)
            walls[p.Circuit - 1] += p.Wall;
        return walls;
    }

    public bool CircuitOk => CircuitWall <= CircuitLimit;
}

/// <summary>The electrical model as pure functions of the rig and the GPUs' power limits.</summary>
public static class ElectricalModel
{
    /// <summary>The rig as configured: each GPU at the power limit set in the rig file (its board power by default).</summary>
    public static ElectricalState Evaluate(RigModel rig) => Evaluate(rig, rig.Gpus.Select(g => g.PowerLimit).ToList());

    /// <summary>The rig with every GPU capped at <paramref name="cap"/> (kept inside each card's own power-limit range).</summary>
    public static ElectricalState EvaluateCapped(RigModel rig, Watts cap) => Evaluate(rig, rig.Gpus.Select(g => Clamp(cap, g.Gpu)).ToList());

    public static Watts Clamp(Watts cap, Gpu gpu) =>
        cap < gpu.PowerLimitMin ? gpu.PowerLimitMin : cap > gpu.PowerLimitMax ? gpu.PowerLimitMax : cap;

    /// <summary>12 V drawn through the slot: the catalog's slot power at board power, scaled by limit / board power (Assumption: the card keeps its slot share at any limit).</summary>
    public static Watts SlotPower(Gpu gpu, Watts limit) => gpu.BoardPower.Value <= 0 ? Watts.Zero : gpu.SlotPower * (limit / gpu.BoardPower);

    public static ElectricalState Evaluate(RigModel rig, IReadOnlyList<Watts> gpuLimits)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(gpuLimits.Count, rig.Gpus.Count);
        var consumers = Consumers(rig, gpuLimits);
        var dc = consumers.Aggregate(Watts.Zero, (sum, c) => sum + c.Power);
        var gpuTotal = gpuLimits.Aggregate(Watts.Zero, (sum, l) => sum + l);

        var mains = rig.Site.Mains;
        var lowLine = mains <= ElectricalConstants.LowLineMax;
        var units = new List<(Psu Psu, int Unit, Watts Capacity, bool LowLine, int Circuit)>();
        foreach (var install in rig.Psus)
        {
            var derated = lowLine && install.Psu.WattageLowLine is not null;
            var capacity = derated ? install.Psu.WattageLowLine!.Value : install.Psu.Wattage;
            // Assumption: with more than one circuit, each next unit is plugged into the next circuit, in turn.
            for (var i = 1; i <= install.Count; i++)
                units.Add((install.Psu, i, capacity, derated, (units.Count % Math.Max(1, rig.Site.Circuits)) + 1));
        }

        var totalCapacity = units.Aggregate(Watts.Zero, (sum, u) => sum + u.Capacity);
        // Assumption: PSUs share the load in proportion to their capacity (identical units share it equally).
        var psus = units.Select(u =>
        {
            var load = totalCapacity.Value <= 0 ? Watts.Zero : dc * (u.Capacity / totalCapacity);
            var efficiency = Efficiency.At(u.Psu.Efficiency, mains, u.Capacity.Value <= 0 ? 1 : load / u.Capacity);
            return new PsuLoad(u.Psu, u.Unit, u.Capacity, u.LowLine, load, efficiency, load / efficiency, Efficiency.TableName(u.Psu.Efficiency, mains), u.Circuit);
        }).ToList();
        var wall = psus.Aggregate(Watts.Zero, (sum, p) => sum + p.Wall);

        // Coincident excursion: every GPU spikes at once (synchronous data-parallel training), the rest stays at its sustained draw.
        var transientPeak = (gpuTotal * ElectricalConstants.GpuExcursionFactor) + (dc - gpuTotal);
        var transientCapacity = units.Aggregate(Watts.Zero, (sum, u) => sum + (u.Capacity * ExcursionFactor(u.Psu)));

        var gpuSlot = rig.Gpus.Select((g, i) => SlotPower(g.Gpu, gpuLimits[i])).Aggregate(Watts.Zero, (sum, w) => sum + w);
        var slotDrives = SlotDrivePower(rig);
        var slotLoad = gpuSlot + slotDrives;
        var board12V = Board12VLoad(rig);
        double Fraction(Watts w) => totalCapacity.Value <= 0 ? 1 : w / totalCapacity;
        var loads = new SlotLoads(slotLoad, board12V, Fraction(dc));
        var headers = rig.Board.Power.SlotPower;
        var slotPath = SlotPath.Solve(headers, loads, rig.Site.Ambient, SlotPathCase.Typical);
        var worst = SlotPath.Solve(headers, loads, rig.Site.Ambient, SlotPathCase.Worst);
        // During coincident spikes the cards' slot draw spikes with them and the PSU carries the transient peak; the
        // terminals keep their sustained temperature (a millisecond spike does not heat them).
        var spikeLoads = new SlotLoads((gpuSlot * ElectricalConstants.SlotExcursionFactor) + slotDrives, board12V, Fraction(transientPeak));
        var transient = SlotPath.Solve(headers, spikeLoads, rig.Site.Ambient, SlotPathCase.Worst);

        return new ElectricalState(gpuLimits, consumers, dc, psus, totalCapacity, wall, transientPeak, transientCapacity, slotLoad, slotPath,
            CircuitLimit(rig.Site), loads, worst, transient);
    }

    /// <summary>Drives on add-in cards in PCIe slots draw from the slot's +12 V (Assumption: an AIC drive takes all its power from the slot's 12 V); M.2 drives draw +3.3 V and are left out.</summary>
    public static Watts SlotDrivePower(RigModel rig) => rig.Storage
        .Where(s => s.Attachment is DriveAttachment.Slot && s.Drive.Form == StorageForm.AddInCard)
        .Aggregate(Watts.Zero, (sum, s) => sum + s.Drive.ActivePower);

    /// <summary>What the board draws from the 24-pin's +12 V besides the slots: header fans, the DRAM VRM and the chipset.</summary>
    public static Watts Board12VLoad(RigModel rig)
    {
        var fans = ElectricalConstants.FanPower * ElectricalConstants.BoardFans;
        var memory = ElectricalConstants.MemoryOn12V ? ElectricalConstants.MemoryModulePower * rig.Memory.Sum(m => m.Count) : Watts.Zero;
        return fans + memory + ElectricalConstants.Chipset12V;
    }

    /// <summary>
    /// Share of its rating a unit can deliver for a GPU excursion lasting <see cref="ElectricalConstants.GpuExcursionWindow"/>:
    /// ATX 3.x units the allowance of Intel's table 3-3 for that time (the full column when rated above 450 W with a
    /// 12VHPWR/12V-2x6 output, the reduced one otherwise); all other units 100 %, their rating.
    /// </summary>
    public static double ExcursionFactor(Psu psu)
    {
        if (psu.AtxVersion is not ("3.0" or "3.1"))
            return 1.0;
        return Atx.ExcursionAllowance(ElectricalConstants.GpuExcursionWindow, FullExcursionTable(psu));
    }

    /// <summary>True for a unit the guide's full excursion column covers: rated above 450 W with a 12VHPWR or 12V-2x6 output.</summary>
    public static bool FullExcursionTable(Psu psu) =>
        psu.Wattage > Atx.ExcursionFullTableAbove && psu.Cables.Any(c => c.Connector == PowerConnector.Hpwr12V && c.Cables > 0);

    /// <summary>What the circuit may carry continuously: mains × breaker × continuous-load fraction.</summary>
    public static Watts CircuitLimit(Site site) => site.Mains * site.Breaker * site.ContinuousLoadFraction;

    public static IReadOnlyList<Consumer> Consumers(RigModel rig, IReadOnlyList<Watts> gpuLimits)
    {
        var list = new List<Consumer>();
        var cpu = rig.Cpu;
        list.Add(cpu.LoadPower is { } load
            ? new Consumer($"CPU {cpu.Name}", load, "catalog load_power (sustained all-core package power)")
            : new Consumer($"CPU {cpu.Name}", cpu.Tdp, "catalog TDP (no load_power in the catalog; boards may run above it)"));
        for (var i = 0; i < rig.Gpus.Count; i++)
        {
            var g = rig.Gpus[i];
            list.Add(new Consumer(g.Label, gpuLimits[i], $"power limit {gpuLimits[i]}"));
        }

        list.Add(new Consumer("Board and chipset", ElectricalConstants.BoardPower, "Assumption: 30 W for board logic, chipset, BMC, NICs and VRM losses"));
        var modules = rig.Memory.Sum(m => m.Count);
        if (modules > 0)
            list.Add(new Consumer($"Memory ({modules} modules)", ElectricalConstants.MemoryModulePower * modules, "Assumption: 3 W per module"));
        foreach (var s in rig.Storage)
            list.Add(new Consumer(s.Label, s.Drive.ActivePower, "catalog active_power"));
        list.Add(new Consumer($"Fans ({ElectricalConstants.BoardFans} on board headers)", ElectricalConstants.FanPower * ElectricalConstants.BoardFans,
            "Assumption: 3 fans at 3 W; GPU fans are inside the GPU power limit"));
        return list;
    }
}
