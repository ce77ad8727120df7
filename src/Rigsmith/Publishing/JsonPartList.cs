using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rigsmith.Input;
using Rigsmith.Reporting;
using Rigsmith.Units;

namespace Rigsmith.Publishing;

/// <summary>The part list as JSON (documented in docs/json.md under <c>rigsmith export --to json</c>).</summary>
public static class JsonPartList
{
    public static string Render(PartList list)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", JsonReport.SchemaVersion);
            w.WriteStartObject("rig");
            w.WriteString("name", list.RigName);
            w.WriteEndObject();
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
                    w.WriteString("date", p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.WriteString("condition", MapReader.EnumName(p.Condition));
                    w.WriteString("source", p.Source);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("price");
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
            w.WriteNumber("unpriced_parts", list.Unpriced.Count());
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
