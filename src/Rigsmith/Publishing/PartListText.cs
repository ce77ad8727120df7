using System.Globalization;

namespace Rigsmith.Publishing;

/// <summary>Wording shared by the part-list renderers, so every format says the same about prices.</summary>
internal static class PartListText
{
    public const string Generator = "rigsmith";

    /// <summary>
    /// "Prices are the newest observations in the rigsmith catalog, observed 2020-09-01 to 2025-12-01 (3 new, 8 used);
    /// 3 of 14 parts have no price" — what the total rests on: whose prices, how old, new or used, how much it leaves out
    /// (the rows themselves say "no price").
    /// </summary>
    public static string PriceNote(PartList list)
    {
        var unpriced = list.Unpriced.ToList();
        var basis = list.UsesPriceBook
            ? "Prices are the newest observations in your price book, else in the rigsmith catalog"
            : "Prices are the newest observations in the rigsmith catalog";
        if (MoneyText.Observed(list.Priced.Select(e => e.Price!)) is { } observed)
            basis += ", " + observed;
        return unpriced.Count == 0 ? basis : $"{basis}; {unpriced.Count} of {list.Entries.Count} parts have no price";
    }

    /// <summary>"$1200.00 + 300.00 HKD" (never added across currencies), "$1238.40 (300.00 HKD at 0.128 USD of 2026-01-15)" with a price book's rate, "no prices".</summary>
    public static string Total(PartList list)
    {
        if (list.Totals.Count == 0)
            return "no prices";
        if (list.Totals.Count > 1 && list.Converted is { } converted)
        {
            var rates = string.Join(", ", converted.Rates.Select(r =>
                $"1 {r.From} = {r.Rate.ToString(CultureInfo.InvariantCulture)} {r.To} of {r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"));
            return $"{MoneyText.Format(converted.Total)} ({MoneyText.Totals(list.Totals)} at your rates: {rates})";
        }

        return MoneyText.Totals(list.Totals);
    }

    /// <summary>What a row without a price observation says in a price column (never 0).</summary>
    public const string NoPrice = "no price";

    /// <summary>
    /// The price column: "$800.00 used, 2025-12-01 @ gpudojo.pages.dev", "$181.50 (2 x $90.75 new, 2024-05-14 @ ...)" for
    /// a kit row priced per module, or "no price".
    /// </summary>
    public static string Price(PartListEntry e) => e.Price is null ? NoPrice
        // Concatenated: the price's description is interpolated itself (see Finding.Of).
        : e.Modules > 1 ? MoneyText.Format(e.Cost!.Value) + " (" + e.Modules.ToString(CultureInfo.InvariantCulture) + " x " + MoneyText.Describe(e.Price) + ")"
        : MoneyText.Describe(e.Price);

    public static string? Link(PartListEntry e) => e.Part.Provenance.Default?.Url;
}
