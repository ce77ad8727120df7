using System.Text;
using Rigsmith.Catalog;
using Rigsmith.Input;

namespace Rigsmith.Reporting;

/// <summary>Catalog parts as Markdown tables.</summary>
public static class CatalogMarkdown
{
    public static string List(IEnumerable<Part> parts)
    {
        var sb = new StringBuilder("| Id | Category | Vendor | Name | Assumed values |\n|---|---|---|---|---|\n");
        foreach (var p in parts)
        {
            sb.Append("| ").Append(p.Id).Append(" | ").Append(MapReader.EnumName(p.Category)).Append(" | ").Append(p.Vendor)
                .Append(" | ").Append(p.Name).Append(" | ").Append(p.Provenance.AssumedFields.Count()).AppendLine(" |");
        }

        return sb.ToString();
    }

    public static string Detail(Part part)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(part.Name).Append(" (`").Append(part.Id).AppendLine("`)").AppendLine();
        sb.AppendLine("| Field | Value | Source |").AppendLine("|---|---|---|");
        foreach (var f in PartFields.Describe(part))
            sb.Append("| ").Append(f.Key).Append(" | ").Append(f.Value).Append(" | ").Append(f.Provenance?.ToString() ?? "none").AppendLine(" |");
        return sb.ToString();
    }
}
