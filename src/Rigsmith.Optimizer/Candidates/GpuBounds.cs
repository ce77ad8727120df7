using Rigsmith.Catalog;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning.Electrical;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Candidates;

/// <summary>
/// For each GPU choice, what any build around it needs at the least, each category read on its own against the
/// choice: the cheapest platform that places that many cards of that thickness, the cheapest memory of the capacity
/// the choice needs, the cheapest PSU whose plugs and usable load carry it, the cheapest chassis that holds the cards.
/// Relaxing every coupling between the other categories makes these lower bounds of the real ones, so a choice with no
/// platform, memory, PSU or chassis, or whose least build is over the budget, is in no answer and is dropped; the
/// bounds are weak where the categories interact, and the solver does the rest.
/// </summary>
public static class GpuBounds
{
    /// <summary>The GPU choices some build can hold within the budget.</summary>
    public static List<GpuChoice> Apply(OptimizeSpec spec, List<GpuChoice> gpus, List<Platform> platforms, List<MemoryChoice> memory,
        List<Priced<Storage>> drives, List<PsuChoice> psus, List<Priced<Chassis>> chassis)
    {
        if (platforms.Count == 0 || memory.Count == 0 || drives.Count == 0 || psus.Count == 0 || chassis.Count == 0)
            return [];
        var maxCount = gpus.Count == 0 ? 0 : gpus.Max(g => g.Count);
        var byThickness = gpus.Select(g => g.Thickness).Distinct().ToDictionary(t => t, t => PlatformsPlacing(platforms, t, maxCount));
        var driveCents = drives.Min(d => d.CostOf(1)!.Value);
        var drivePower = drives.Min(d => (long)Math.Ceiling(d.Part.ActivePower.Value));
        var fixedPower = (long)Math.Ceiling(ElectricalConstants.BoardPower.Value + (ElectricalConstants.FanPower.Value * ElectricalConstants.BoardFans));
        var modulePower = (long)ElectricalConstants.MemoryModulePower.Value;
        var memoryGib = memory.Select(x => (Gib: (long)Math.Floor(x.Capacity.Value / Bytes.GiB), x.Cents, x.Count)).ToList();
        var budget = spec.Budget is { } b ? (long)Math.Floor(b.Amount * 100m) : long.MaxValue;

        var kept = new List<GpuChoice>();
        foreach (var g in gpus)
        {
            if (byThickness[g.Thickness][g.Count] is not { } platform)
                continue;
            var needGib = (long)Math.Ceiling(BuildModel.SystemMemory(spec, g).Value / Bytes.GiB);
            var enough = memoryGib.Where(x => x.Gib >= needGib).ToList();
            if (enough.Count == 0)
                continue;
            var load = platform.CpuPower + (long)Math.Ceiling(g.Power.Value) + (enough.Min(x => x.Count) * modulePower) + drivePower + fixedPower;
            var connectors = g.Cards.SelectMany(c => c.Part.PowerConnectors).Distinct().Select(c => (Key: c, Plugs: g.Plugs(c))).ToList();
            var psu = psus.Where(p => (long)Math.Floor((p.Capacity < p.MaxLoad ? p.Capacity : p.MaxLoad).Value) >= load && connectors.All(c => p.Plugs(c.Key) >= c.Plugs))
                .Select(p => (long?)p.Cents).Min();
            var length = (long)Math.Ceiling(g.Length.Value);
            var box = chassis.Where(k => k.Part.ExpansionSlots >= platform.Openings && k.Part.GpuCapacity >= g.Count && (long)Math.Floor(k.Part.MaxGpuLength.Value) >= length
                    && (!g.Passive || k.Part.Kind == ChassisKind.Rackmount))
                .Select(k => k.CostOf(1)).Min();
            if (psu is null || box is null)
                continue;
            var least = g.Cents + platform.Cents + enough.Min(x => x.Cents) + driveCents + psu.Value + box.Value;
            if (least <= budget)
                kept.Add(g);
        }

        return kept;
    }

    /// <summary>For each count of cards of <paramref name="thickness"/>, the least of the platforms that place them (each value on its own), or null when none does.</summary>
    private static Least?[] PlatformsPlacing(List<Platform> platforms, int thickness, int maxCount)
    {
        var least = new Least?[maxCount + 1];
        foreach (var p in platforms)
        {
            var slots = p.SlotsFor(thickness);
            var cpuPower = (long)Math.Ceiling(p.CpuPower.Value);
            for (var n = 1; n <= Math.Min(slots.Count, maxCount); n++)
            {
                var openings = GpuPlacement.LastPosition(slots, n, thickness);
                least[n] = least[n] is { } l
                    ? new Least(Math.Min(l.Cents, p.Cents!.Value), Math.Min(l.CpuPower, cpuPower), Math.Min(l.Openings, openings))
                    : new Least(p.Cents!.Value, cpuPower, openings);
            }
        }

        return least;
    }

    private sealed record Least(long Cents, long CpuPower, int Openings);
}
