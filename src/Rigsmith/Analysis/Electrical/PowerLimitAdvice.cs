using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Electrical;

/// <summary>Searches the highest uniform GPU power limit that keeps the rig inside a set of limits.</summary>
public static class PowerLimitAdvice
{
    /// <summary>Step of the search; driver power limits are set in whole watts, 5 W keeps the advice round.</summary>
    public const double Step = 5;

    /// <summary>
    /// The highest cap, from the GPUs' largest maximum down to their smallest minimum in 5 W steps, for which
    /// <paramref name="ok"/> holds; null when the rig has no GPUs or no cap in range is enough.
    /// </summary>
    public static Watts? Highest(RigModel rig, Func<ElectricalState, bool> ok)
    {
        if (rig.Gpus.Count == 0)
            return null;
        var top = rig.Gpus.Max(g => g.Gpu.PowerLimitMax.Value);
        var bottom = rig.Gpus.Min(g => g.Gpu.PowerLimitMin.Value);
        for (var w = top; w >= bottom; w = (Math.Ceiling(w / Step) * Step) - Step)
        {
            if (ok(ElectricalModel.EvaluateCapped(rig, new Watts(w))))
                return new Watts(w);
        }

        return null;
    }

    /// <summary>Inside every limit the advice covers: PSU rating, transient capability, slot path and wall circuit.</summary>
    public static bool WithinAll(ElectricalState s) => s.PsuOk && s.TransientOk && s.SlotVoltageOk && s.SlotPinsOk && s.CircuitOk;
}
