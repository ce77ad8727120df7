using System.Globalization;
using System.Text;
using Rigsmith.Input;

namespace Rigsmith.Publishing;

/// <summary>The part list as CSV (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted, quotes doubled).</summary>
public static class CsvPartList
{
    public static readonly string[] Header =
        ["type", "item", "vendor", "id", "role", "modules", "note", "price", "currency", "price_date", "condition", "price_source"];

    public static string Render(PartList list)
    {
        var sb = new StringBuilder();
        Row(sb, Header);
        foreach (var e in list.Entries)
        {
            var p = e.Price;
            Row(sb,
            [
                e.Type, e.Part.Name, e.Part.Vendor, e.Part.Id, e.Role, e.Modules.ToString(CultureInfo.InvariantCulture), e.Note ?? "",
                p is null ? "" : p.Price.Amount.ToString(CultureInfo.InvariantCulture), p?.Price.Currency ?? "",
                p?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", (p is null ? "" : MapReader.EnumName(p.Condition)), p?.Source ?? "",
            ]);
        }

        return sb.ToString();
    }

    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void Row(StringBuilder sb, IEnumerable<string> fields) => sb.AppendJoin(',', fields.Select(Field)).Append("\r\n");
}
