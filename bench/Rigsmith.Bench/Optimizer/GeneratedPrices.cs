using System.IO.Hashing;
using System.Text;
using Rigsmith.Catalog;
using Rigsmith.Units;

namespace Rigsmith.Bench.Optimizer;

/// <summary>
/// A price for every part of the catalog, generated for the optimizer's benchmark only (the issue's "every part given
/// a price"): a plausible shape per category (GPUs by tensor rate and memory, CPUs by cores and lanes, ...) with a
/// deterministic spread of ±20 % from the part's id, so that the solver meets a full catalog of distinct prices. These
/// are not market prices and never reach an answer a user sees.
/// </summary>
public static class GeneratedPrices
{
    public static readonly DateOnly Date = new(2026, 11, 1);

    public const string Source = "generated for the optimizer benchmark";

    public static PriceBook For(IEnumerable<Part> parts)
    {
        var prices = new Dictionary<string, IReadOnlyList<PriceObservation>>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (Base(part) is not { } usd)
                continue;
            var amount = Math.Round((decimal)(usd * Spread(part.Id)), 2);
            prices[part.Id] = [new PriceObservation(Money.Of(amount, "USD"), Date, PriceCondition.New, Source) { Own = true }];
        }

        return new PriceBook(prices, [], "USD");
    }

    private static double? Base(Part part) => part switch
    {
        Gpu g => 100 + (15 * g.TensorFp16.Value) + (25 * g.Vram.Value / Bytes.GiB),
        Cpu c => 50 + (20 * c.Cores) + (3 * c.PcieLanes),
        Motherboard b => 80 + (20 * b.Slots.Count) + (5 * b.DimmSlots) + (b.Sockets > 1 ? 200 : 0),
        MemoryModule m => 10 + (3 * m.Capacity.Value / Bytes.GB),
        Storage s => 20 + (0.08 * s.Capacity.Value / Bytes.GB),
        Psu p => 40 + (0.15 * p.Wattage.Value) + (10 * (int)p.Efficiency),
        Chassis k => 50 + (10 * k.ExpansionSlots),
        _ => null,
    };

    /// <summary>0.8 to 1.2, the same for an id on every run.</summary>
    private static double Spread(string id) => 0.8 + (0.4 * (XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(id)) % 10_000 / 10_000.0));
}
