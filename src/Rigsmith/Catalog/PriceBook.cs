using System.Globalization;
using Rigsmith.Input;
using Rigsmith.Units;

namespace Rigsmith.Catalog;

/// <summary>A dated exchange rate the user supplies: one <see cref="From"/> is <see cref="Rate"/> of <see cref="To"/> on <see cref="Date"/>.</summary>
public sealed record ExchangeRate(string From, string To, decimal Rate, DateOnly Date, string? Source);

/// <summary>
/// A user's own prices (docs/prices.md): observations per part id, read before the catalog's, and optionally the
/// currency to total in with the dated rates that convert into it. Without a rate nothing is converted: totals stay
/// per currency.
/// </summary>
public sealed class PriceBook
{
    public static readonly PriceBook Empty = new(new Dictionary<string, IReadOnlyList<PriceObservation>>(), [], null);

    public PriceBook(IReadOnlyDictionary<string, IReadOnlyList<PriceObservation>> prices, IReadOnlyList<ExchangeRate> rates, string? currency)
    {
        Prices = prices;
        Rates = rates;
        Currency = currency;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<PriceObservation>> Prices { get; }
    public IReadOnlyList<ExchangeRate> Rates { get; }

    /// <summary>The currency totals are converted into, or null to keep them per currency.</summary>
    public string? Currency { get; }

    /// <summary>The part with the book's observations (marked <see cref="PriceObservation.Own"/>) ahead of the catalog's.</summary>
    public Part Apply(Part part) =>
        Prices.TryGetValue(part.Id, out var own) ? part with { Prices = [.. own, .. part.Prices] } : part;

    /// <summary>The newest rate from <paramref name="from"/> into <paramref name="to"/>, or null when the book gives none.</summary>
    public ExchangeRate? RateOf(string from, string to) =>
        Rates.Where(r => r.From == from && r.To == to).OrderByDescending(r => r.Date).FirstOrDefault();

    /// <summary>
    /// The sum of <paramref name="amounts"/> in <see cref="Currency"/>, with the rates used; null when the book names no
    /// currency or lacks a rate for one of them (then totals stay per currency).
    /// </summary>
    public (Money Total, IReadOnlyList<ExchangeRate> Rates)? Convert(IEnumerable<Money> amounts)
    {
        if (Currency is null)
            return null;
        var used = new List<ExchangeRate>();
        var total = Money.Of(0, Currency);
        foreach (var m in amounts)
        {
            if (m.Currency == Currency)
            {
                total += m;
                continue;
            }

            var rate = RateOf(m.Currency, Currency);
            if (rate is null)
                return null;
            if (!used.Contains(rate))
                used.Add(rate);
            total += Money.Of(Math.Round(m.Amount * rate.Rate, 2), Currency);
        }

        return (total, used);
    }

    /// <summary>Reads a price book; problems name the file, line and field. Part ids must pass <paramref name="isKnownId"/>; <paramref name="ids"/> feed the suggestion.</summary>
    public static LoadResult<PriceBook> Read(string text, string file, Func<string, bool> isKnownId, IEnumerable<string> ids)
    {
        var sink = new ProblemSink(file);
        var root = YamlInput.ParseRootMapping(text, sink);
        if (root is null)
            return LoadResult<PriceBook>.Failure(sink.Problems);
        var r = new MapReader(root, "", sink);
        var currency = r.String("currency", required: false);
        if (currency is not null && !Money.IsCurrency(currency))
            sink.Add(r.NodeOf("currency"), r.FieldPath("currency"), $"'{currency}' is not an ISO 4217 code", "like USD, EUR, HKD");

        var rates = new List<ExchangeRate>();
        foreach (var x in r.MapList("rates", required: false))
        {
            var from = x.String("from");
            var to = x.String("to");
            var rate = x.Number("rate", min: 1e-9, max: 1e9);
            var dateText = x.String("date");
            var source = x.String("source", required: false);
            x.Finish();
            foreach (var (key, code) in new[] { ("from", from), ("to", to) })
            {
                if (code is not null && !Money.IsCurrency(code))
                    sink.Add(x.NodeOf(key), x.FieldPath(key), $"'{code}' is not an ISO 4217 code", "like USD, EUR, HKD");
            }

            if (dateText is not null && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                sink.Add(x.NodeOf("date"), x.FieldPath("date"), $"'{dateText}' is not a date", "write it as YYYY-MM-DD");
            else if (from is not null && to is not null && rate is not null && dateText is not null && Money.IsCurrency(from) && Money.IsCurrency(to))
                rates.Add(new ExchangeRate(from, to, (decimal)rate.Value, DateOnly.ParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture), source));
        }

        var prices = new Dictionary<string, IReadOnlyList<PriceObservation>>(StringComparer.Ordinal);
        var map = r.Map("prices", required: false);
        if (map is not null)
        {
            foreach (var id in map.PresentKeys.ToList())
            {
                if (!isKnownId(id))
                {
                    // Reported once, at the key's line, and not again as an unknown key by Finish.
                    map.Allow(id);
                    var key = map.Node.Children.Keys.First(k => (k as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value == id);
                    sink.Add(key, map.FieldPath(id), $"unknown part '{id}'", Suggestions.DidYouMean(id, ids));
                    continue;
                }

                var list = new List<PriceObservation>();
                foreach (var p in map.MapList(id))
                {
                    var price = PartReaders.ReadPrice(p, sourceMustBeUrl: false);
                    if (price is not null)
                        list.Add(price with { Own = true });
                }

                prices[id] = list;
            }

            map.Finish();
        }

        r.Finish();
        return sink.Any ? LoadResult<PriceBook>.Failure(sink.Problems) : LoadResult<PriceBook>.Success(new PriceBook(prices, rates, currency));
    }
}
