namespace Rigsmith.Publishing;

/// <summary>Wording shared by the part-list renderers, so every format says the same about prices.</summary>
internal static class PartListText
{
    public const string Generator = "rigsmith";

    /// <summary>"Prices are the newest observations in the rigsmith catalog; 3 of 14 parts have no price".</summary>
    public static string PriceNote(PartList list)
    {
        var unpriced = list.Unpriced.Count();
        var basis = "Prices are the newest observations in the rigsmith catalog";
        return unpriced == 0 ? basis : $"{basis}; {unpriced} of {list.Entries.Count} parts have no price";
    }

    /// <summary>"$1200.00 + 300.00 HKD", "no prices".</summary>
    public static string Total(PartList list) => list.Totals.Count == 0 ? "no prices" : MoneyText.Totals(list.Totals);

    /// <summary>The price column: "$8000.00 @ newgearhub.com", empty when unpriced.</summary>
    public static string Price(PartListEntry e) => e.Price is null ? "" : $"{MoneyText.Format(e.Price.Price)} @ {MoneyText.Merchant(e.Price)}";

    public static string? Link(PartListEntry e) => e.Part.Provenance.Default?.Url;
}
