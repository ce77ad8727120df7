using System.Text;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Publishing;

namespace Rigsmith.Reporting;

/// <summary>Catalog parts as Markdown tables.</summary>
public static class CatalogMarkdown
{
    public static string List(IEnumerable<Part> parts)
    {
        var sb = new StringBuilder("| Id | Category | Vendor | Name | Assumed values | Price |\n|---|---|---|---|---|---|\n");
        foreach (var p in parts)
        {
            sb.Append("| ").Append(p.Id).Append(" | ").Append(MapReader.EnumName(p.Category)).Append(" | ").Append(p.Vendor)
                .Append(" | ").Append(p.Name).Append(" | ").Append(p.Provenance.AssumedFields.Count())
                .Append(" | ").Append(PartList.NewestPrice(p) is { } price ? MoneyText.Describe(price) : PartListText.NoPrice).AppendLine(" |");
        }

        return sb.ToString();
    }

    public static string Detail(Part part)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(part.Name).Append(" (`").Append(part.Id).AppendLine("`)").AppendLine();
        sb.AppendLine("| Field | Value | Source |").AppendLine("|---|---|---|");
        foreach (var f in PartFields.Describe(part))
            sb.Append("| ").Append(f.Key).Append(" | ").Append(f.Value).Append(" | ").Append(f.Provenance is Provenance.OpenDb d ? $"opendb: {d.Url}" : f.Provenance?.ToString() ?? "none").AppendLine(" |");
        sb.AppendLine();
        if (part.Provenance.Fallback is Provenance.OpenDb)
            sb.AppendLine(Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Attribution).AppendLine();
        if (part.Prices.Count == 0)
        {
            sb.AppendLine("No price observed (totals leave the part out; never 0).");
            return sb.ToString();
        }

        sb.AppendLine("| Price | Condition | Observed | Source |").AppendLine("|---|---|---|---|");
        foreach (var p in part.Prices)
        {
            sb.Append("| ").Append(MoneyText.Format(p.Price)).Append(" | ").Append(MapReader.EnumName(p.Condition)).Append(" | ").Append(MoneyText.Date(p.Date))
                .Append(" | ").Append(p.Own ? "your price book: " : "").Append(p.Source.Replace("|", "\\|", StringComparison.Ordinal)).AppendLine(" |");
        }

        return sb.ToString();
    }
}
