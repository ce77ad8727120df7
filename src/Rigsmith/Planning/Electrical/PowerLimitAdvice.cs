using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Planning.Electrical;

/// <summary>
/// The highest uniform GPU power limit that keeps the rig inside each electrical limit, and inside all of them; null
/// where no cap in the cards' range is enough (or the rig has no GPUs).
/// </summary>
public sealed record PowerLimitAdvice(Watts? Psu, Watts? Transient, Watts? SlotVoltage, Watts? SlotPins, Watts? Circuit, Watts? All, Watts? Atx24 = null)
{
    /// <summary>Step of the search; driver power limits are set in whole watts, 5 W keeps the advice round.</summary>
    public const double Step = 5;

    /// <summary>Inside every limit the advice covers: PSU rating, transient capability, slot path (worst case), the ATX rail at the 24-pin and wall circuit.</summary>
    public static bool WithinAll(ElectricalState s) => s.PsuOk && s.TransientOk && s.SlotVoltageOk && s.SlotPinsOk && s.CircuitOk && s.Atx24Ok;

    /// <summary>
    /// The caps the advice tries, highest first: the GPUs' largest maximum, then down in 5 W steps (on multiples of 5) to
    /// their smallest minimum.
    /// </summary>
    public static IEnumerable<Watts> Caps(RigModel rig)
    {
        if (rig.Gpus.Count == 0)
            yield break;
        var top = rig.Gpus.Max(g => g.Gpu.PowerLimitMax.Value);
        var bottom = rig.Gpus.Min(g => g.Gpu.PowerLimitMin.Value);
        for (var w = top; w >= bottom; w = (Math.Ceiling(w / Step) * Step) - Step)
            yield return Watts.From(w);
    }

    /// <summary>
    /// One downward scan of <see cref="Caps"/>: each cap is evaluated once, and each limit keeps the first (highest) cap
    /// that satisfies it. The scan stops as soon as every limit has its answer.
    /// </summary>
    public static PowerLimitAdvice Compute(RigModel rig)
    {
        var checks = new Func<ElectricalState, bool>[] { s => s.PsuOk, s => s.TransientOk, s => s.SlotVoltageOk, s => s.SlotPinsOk, s => s.CircuitOk, WithinAll, s => s.Atx24Ok };
        var found = new Watts?[checks.Length];
        foreach (var cap in Caps(rig))
        {
            var state = ElectricalModel.EvaluateCapped(rig, cap);
            for (var i = 0; i < checks.Length; i++)
            {
                if (found[i] is null && checks[i](state))
                    found[i] = cap;
            }

            if (found.All(f => f is not null))
                break;
        }

        return new PowerLimitAdvice(found[0], found[1], found[2], found[3], found[4], found[5], found[6]);
    }
}
