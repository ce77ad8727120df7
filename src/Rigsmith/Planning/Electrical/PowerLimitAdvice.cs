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

    /// <summary>The limits the advice answers, in the order of the record's fields.</summary>
    internal static readonly Func<ElectricalState, bool>[] Checks =
        [s => s.PsuOk, s => s.TransientOk, s => s.SlotVoltageOk, s => s.SlotPinsOk, s => s.CircuitOk, WithinAll, s => s.Atx24Ok];

    /// <summary>
    /// For each limit, the highest of <see cref="Caps"/> that satisfies it. Every limit holds at a cap once it holds at
    /// a higher one: a lower cap only lowers the GPUs' draw, and with it every current, drop and temperature the model
    /// computes (a test checks this on every example rig, cap by cap). So each answer is found by bisection, the top
    /// and bottom caps tried first, and the caps evaluated are shared between the limits: a rig whose limits are met at
    /// the top needs one evaluation, and one that meets a limit only low down or never needs a handful, not one per 5 W.
    /// </summary>
    public static PowerLimitAdvice Compute(RigModel rig)
    {
        var caps = Caps(rig).ToList();
        var states = new ElectricalState?[caps.Count];
        var found = new Watts?[Checks.Length];
        for (var i = 0; i < Checks.Length && caps.Count > 0; i++)
        {
            var check = Checks[i];
            if (check(At(0)))
            {
                found[i] = caps[0];
                continue;
            }

            if (!check(At(caps.Count - 1)))
                continue;

            // The check fails at lo and holds at hi: close in on the first cap where it holds.
            int lo = 0, hi = caps.Count - 1;
            while (hi - lo > 1)
            {
                var mid = lo + ((hi - lo) / 2);
                if (check(At(mid)))
                    hi = mid;
                else
                    lo = mid;
            }

            found[i] = caps[hi];
        }

        return new PowerLimitAdvice(found[0], found[1], found[2], found[3], found[4], found[5], found[6]);

        ElectricalState At(int index) => states[index] ??= ElectricalModel.EvaluateCapped(rig, caps[index]);
    }
}
