using Rigsmith.Catalog;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Candidates;

/// <summary>
/// A part the optimizer may choose, with the price that decides: the newest observation of the condition the spec
/// allows (the user's price book first, as every command reads it), in the spec's currency. Owned parts cost nothing.
/// </summary>
/// <param name="Cents">One unit's price in hundredths of the spec's currency, what the solver adds up; 0 for an owned part without a price.</param>
/// <param name="Observation">The observation the price comes from; null for an owned part without one.</param>
/// <param name="Rate">The price book's rate that converted it, when it was in another currency.</param>
/// <param name="OwnedCount">How many the user owns: those cost nothing and the build must use them.</param>
public sealed record Priced<T>(T Part, long Cents, PriceObservation? Observation, ExchangeRate? Rate, int OwnedCount)
    where T : Part
{
    public bool Owned => OwnedCount > 0;

    /// <summary>Whether more units than the owned ones can be bought (an owned part without a price cannot).</summary>
    public bool Buyable => Observation is not null;

    /// <summary>What <paramref name="units"/> of the part cost: the owned ones nothing; null when more are needed than can be bought.</summary>
    public long? CostOf(int units) => units <= OwnedCount ? 0 : Buyable ? (units - OwnedCount) * Cents : null;
}

/// <summary>Why parts of one category were left out of the search, and how many.</summary>
public sealed record LeftOut(PartCategory Category, int NoPrice, int OtherCondition, int NoRate, int Excluded, int Unusable)
{
    public int Total => NoPrice + OtherCondition + NoRate + Excluded + Unusable;
}

/// <summary>Turns catalog parts into priced candidates and counts what it leaves out.</summary>
public sealed class Pricing(OptimizeSpec spec, PriceBook? book)
{
    /// <summary>Policy (issue 19): a price seen more than a year before the run is flagged as old.</summary>
    public static bool Stale(PriceObservation o, DateOnly today) => o.Date < today.AddYears(-1);

    private readonly Dictionary<PartCategory, int[]> _counts = [];

    /// <summary>
    /// The part as a candidate, or null when it is excluded, has no price of the allowed condition, or has one only in a
    /// currency the price book gives no rate for (each counted for <see cref="LeftOutCounts"/>).
    /// </summary>
    public Priced<T>? Price<T>(T part)
        where T : Part
    {
        if (spec.Excluded.Contains(part.Id))
            return Count<T>(part, 3);
        var newest = Newest(part.Prices.Where(o => o.Own)) ?? Newest(part.Prices.Where(o => !o.Own));
        var owned = spec.Owned.Where(o => o.Id == part.Id).Sum(o => o.Count);
        var rate = newest is not null && newest.Price.Currency != spec.Currency ? book?.RateOf(newest.Price.Currency, spec.Currency) : null;
        var convertible = newest is not null && (newest.Price.Currency == spec.Currency || rate is not null);
        if (owned > 0)
            return convertible ? new Priced<T>(part, Cents(newest!, rate), newest, rate, owned) : new Priced<T>(part, 0, null, null, owned);
        if (part.Prices.Count == 0)
            return Count<T>(part, 0);
        if (newest is null)
            return Count<T>(part, 1);
        if (!convertible)
            return Count<T>(part, 2);
        return new Priced<T>(part, Cents(newest, rate), newest, rate, 0);
    }

    private static long Cents(PriceObservation o, ExchangeRate? rate) =>
        (long)Math.Round(o.Price.Amount * (rate?.Rate ?? 1m) * 100m, MidpointRounding.AwayFromZero);

    /// <summary>Counts a part the search cannot use for a reason of its own (a GPU the workload does not fit on, a PSU for other mains).</summary>
    public void Unusable(PartCategory category) => Add(category, 4, 1);

    /// <summary>Parts known only by their listing (the broad tier), which carry no price unless the price book gives one.</summary>
    public void Unpriced(PartCategory category, int count) => Add(category, 0, count);

    public IReadOnlyList<LeftOut> LeftOutCounts =>
        _counts.OrderBy(c => c.Key).Select(c => new LeftOut(c.Key, c.Value[0], c.Value[1], c.Value[2], c.Value[3], c.Value[4])).ToList();

    private PriceObservation? Newest(IEnumerable<PriceObservation> observations) =>
        observations.Where(Allowed).OrderByDescending(o => o.Date).FirstOrDefault();

    private bool Allowed(PriceObservation o) => spec.Condition switch
    {
        ConditionChoice.New => o.Condition == PriceCondition.New,
        ConditionChoice.Used => o.Condition == PriceCondition.Used,
        _ => true,
    };

    private Priced<T>? Count<T>(Part part, int reason)
        where T : Part
    {
        Add(part.Category, reason, 1);
        return null;
    }

    private void Add(PartCategory category, int reason, int count)
    {
        if (!_counts.TryGetValue(category, out var c))
            _counts[category] = c = new int[5];
        c[reason] += count;
    }
}
