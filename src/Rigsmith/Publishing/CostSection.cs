using System.Text;
using System.Text.Json;
using Rigsmith.Input;

namespace Rigsmith.Publishing;

/// <summary>
/// The cost of a rig from its part list, as the build article and <c>rigsmith check</c> show it: one row per thing
/// bought with its price observation (or "no price"), the totals per currency, and what they rest on. One wording for
/// every output, so the article, the check report and the part lists say the same.
/// </summary>
public static class CostSection
{
    public const string Heading = "Cost";

    /// <summary>The price cell of a row: "$699.00 new, 2022-08-30 @ slashgear.com", or "no price".</summary>
    public static string PriceCell(PartListEntry entry) => PartListText.Price(entry);

    /// <summary>The sentence under the table: the total of the priced parts and the parts it leaves out.</summary>
    /// <param name="strong">How the total is emphasised (bold in Markdown); null leaves it plain.</param>
    public static string Summary(PartList list, Func<string, string>? strong = null)
    {
        if (list.Totals.Count == 0)
            return "None of these parts has a price observation, so no total can be given.";
        var sb = new StringBuilder();
        sb.Append("Total of the priced parts: ").Append(strong is null ? PartListText.Total(list) : strong(PartListText.Total(list)));
        if (list.Totals.Count > 1 && list.Converted is null)
            sb.Append(" (currencies are not converted: exchange rates are not observations)");
        sb.Append(", from prices ").Append(MoneyText.Observed(list.Priced.Select(e => e.Price!)))
            .Append(list.UsesPriceBook ? ", some from your price book." : ".");
        var unpriced = list.Unpriced.Select(e => e.Part.Name).Distinct().ToList();
        if (unpriced.Count > 0)
            sb.Append(" It leaves out ").Append(list.Unpriced.Count()).Append(" parts without a price: ").Append(string.Join(", ", unpriced)).Append('.');
        return sb.ToString();
    }

    /// <summary>The section in Markdown, headed "## Cost".</summary>
    public static string Markdown(PartList list)
    {
        var sb = new StringBuilder();
        sb.Append("## ").AppendLine(Heading).AppendLine();
        sb.AppendLine("| Part | Price |").AppendLine("|---|---|");
        foreach (var e in list.Entries)
            sb.Append("| ").Append(Cell(e.Item)).Append(" | ").Append(Cell(PriceCell(e))).AppendLine(" |");
        sb.AppendLine();
        sb.AppendLine(Inline(Summary(list, t => $"**{t}**"))).AppendLine();
        return sb.ToString();
    }

    /// <summary>The priced rows, totals and unpriced count as properties of the object <paramref name="w"/> is writing (docs/json.md).</summary>
    public static void WriteJson(Utf8JsonWriter w, PartList list)
    {
        w.WriteStartArray("parts");
        foreach (var e in list.Entries)
        {
            w.WriteStartObject();
            w.WriteString("type", e.Type);
            w.WriteString("id", e.Part.Id);
            w.WriteString("category", MapReader.EnumName(e.Part.Category));
            w.WriteString("name", e.Part.Name);
            w.WriteString("vendor", e.Part.Vendor);
            w.WriteString("role", e.Role);
            w.WriteNumber("modules", e.Modules);
            if (e.Note is null)
                w.WriteNull("note");
            else
                w.WriteString("note", e.Note);
            if (e.Price is { } p)
            {
                w.WriteStartObject("price");
                w.WriteNumber("amount", p.Price.Amount);
                w.WriteString("currency", p.Price.Currency);
                w.WriteString("date", MoneyText.Date(p.Date));
                w.WriteString("condition", MapReader.EnumName(p.Condition));
                w.WriteString("source", p.Source);
                w.WriteBoolean("own", p.Own);
                w.WriteEndObject();
                w.WriteNumber("cost", e.Cost!.Value.Amount);
            }
            else
            {
                w.WriteNull("price");
                w.WriteNull("cost");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("totals");
        foreach (var t in list.Totals)
        {
            w.WriteStartObject();
            w.WriteString("currency", t.Currency);
            w.WriteNumber("amount", t.Amount);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (list.Totals.Count > 1 && list.Converted is { } converted)
        {
            w.WriteStartObject("converted_total");
            w.WriteString("currency", converted.Total.Currency);
            w.WriteNumber("amount", converted.Total.Amount);
            w.WriteStartArray("rates");
            foreach (var r in converted.Rates)
            {
                w.WriteStartObject();
                w.WriteString("from", r.From);
                w.WriteString("to", r.To);
                w.WriteNumber("rate", r.Rate);
                w.WriteString("date", MoneyText.Date(r.Date));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        WriteDate(w, "oldest_price_date", list.OldestPrice);
        WriteDate(w, "newest_price_date", list.NewestPriceDate);
        w.WriteNumber("unpriced_parts", list.Unpriced.Count());
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateOnly? date)
    {
        if (date is { } d)
            w.WriteString(name, MoneyText.Date(d));
        else
            w.WriteNull(name);
    }

    private static string Inline(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);
}
