using System.Globalization;

namespace Rigsmith.Units;

/// <summary>
/// An amount of money in one currency (ISO 4217 code). Amounts in different currencies never add: <c>+</c> refuses
/// them, and <see cref="Totals"/> keeps one sum per currency, since an exchange rate is not an observation the catalog
/// has.
/// </summary>
public readonly record struct Money
{
    private Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    /// <summary>Three upper-case letters: USD, EUR, HKD.</summary>
    public string Currency { get; }

    public static Money Of(decimal amount, string currency) =>
        IsCurrency(currency) ? new(amount, currency) : throw new ArgumentOutOfRangeException(nameof(currency), currency, "not an ISO 4217 currency code");

    /// <summary>Whether <paramref name="code"/> has the form of an ISO 4217 code (three upper-case ASCII letters).</summary>
    public static bool IsCurrency(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);

    public static Money operator +(Money a, Money b) => a.Currency == b.Currency
        ? new(a.Amount + b.Amount, a.Currency)
        : throw new InvalidOperationException($"cannot add {a.Currency} to {b.Currency} without an exchange rate");

    public static Money operator *(Money a, decimal k) => new(a.Amount * k, a.Currency);

    /// <summary>One sum per currency, ordered by currency code.</summary>
    /// <remarks>Summed in a dictionary and sorted in place (one sum per currency, so no ties): the same sums, added in
    /// the same order, without LINQ's grouping and sorting machinery on a cold start.</remarks>
    public static IReadOnlyList<Money> Totals(IEnumerable<Money> amounts)
    {
        var sums = new Dictionary<string, Money>(StringComparer.Ordinal);
        foreach (var m in amounts)
            sums[m.Currency] = sums.TryGetValue(m.Currency, out var sum) ? sum + m : m;
        var totals = new List<Money>(sums.Values);
        totals.Sort(static (a, b) => string.CompareOrdinal(a.Currency, b.Currency));
        return totals;
    }

    public override string ToString() => Amount.ToString("0.00", CultureInfo.InvariantCulture) + " " + Currency;
}

/// <summary>What one kilowatt-hour costs.</summary>
public readonly record struct EnergyPrice(Money PerKilowattHour)
{
    /// <summary>The cost of <paramref name="energy"/> at this price, in the price's currency.</summary>
    public Money Cost(KilowattHours energy) => PerKilowattHour * (decimal)energy.Value;

    public override string ToString() => $"{PerKilowattHour}/kWh";
}
