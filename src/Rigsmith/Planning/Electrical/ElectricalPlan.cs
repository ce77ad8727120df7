using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Planning.Electrical;

/// <summary>The 12 V at the slots at one uniform GPU power cap, typical and worst case.</summary>
public sealed record SlotVoltagePoint(Watts Cap, SlotPathResult SlotPath, SlotPathResult Worst);

/// <summary>
/// The rig's electrical state as planned: every GPU at its set power limit, the power-limit advice, what the slots would
/// see with no auxiliary slot-power header (when the board has one), and, when asked for, the slot voltage at every cap
/// the cards accept (the HTML report's chart).
/// </summary>
public sealed record ElectricalPlan(ElectricalState AsSet, PowerLimitAdvice Advice, SlotPathResult? WithoutHeaders, IReadOnlyList<SlotVoltagePoint> SlotVoltageSweep)
{
    public static ElectricalPlan Build(RigModel rig, bool sweep)
    {
        PlanMetrics.Built(PlanMetrics.Electrical);
        var state = ElectricalModel.Evaluate(rig);
        var withoutHeaders = rig.Board.Power.SlotPower.Count == 0 ? null : SlotPath.Solve([], state.SlotLoads, rig.Site.Ambient, SlotPathCase.Typical);
        return new ElectricalPlan(state, PowerLimitAdvice.Compute(rig), withoutHeaders, sweep ? Sweep(rig) : []);
    }

    /// <summary>Caps from the cards' lowest minimum to their highest maximum in 5 W steps, the maximum always included.</summary>
    private static List<SlotVoltagePoint> Sweep(RigModel rig)
    {
        if (rig.Gpus.Count == 0)
            return [];
        var low = rig.Gpus.Min(g => g.Gpu.PowerLimitMin.Value);
        var high = rig.Gpus.Max(g => g.Gpu.PowerLimitMax.Value);
        var caps = new List<double>();
        for (var cap = low; cap < high; cap += PowerLimitAdvice.Step)
            caps.Add(cap);
        caps.Add(high);
        return caps.Select(c =>
        {
            var state = ElectricalModel.EvaluateCapped(rig, Watts.From(c));
            return new SlotVoltagePoint(Watts.From(c), state.SlotPath, state.SlotPathWorst);
        }).ToList();
    }
}
