using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rigsmith.Catalog;
using Rigsmith.Input;

namespace Rigsmith.Reporting;

/// <summary>Catalog parts as JSON: each value with its source (documented in docs/json.md).</summary>
public static class CatalogJson
{
    public static string Render(IEnumerable<Part> parts)
    {
        var list = parts.ToList();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", JsonReport.SchemaVersion);
            w.WriteStartObject("counts");
            foreach (var category in MapReader.EnumValues<PartCategory>())
                w.WriteNumber(MapReader.EnumName(category), list.Count(p => p.Category == category));
            w.WriteEndObject();
            if (list.Any(p => p.Provenance.Fallback is Provenance.OpenDb))
                w.WriteString("attribution", Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Attribution);
            w.WriteStartArray("parts");
            foreach (var part in list)
                WritePart(w, part);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WritePart(Utf8JsonWriter w, Part part)
    {
        w.WriteStartObject();
        w.WriteString("id", part.Id);
        w.WriteString("category", MapReader.EnumName(part.Category));
        w.WriteString("name", part.Name);
        w.WriteString("vendor", part.Vendor);
        w.WriteStartArray("values");
        foreach (var field in PartFields.Describe(part))
        {
            w.WriteStartObject();
            w.WriteString("field", field.Key);
            w.WriteString("value", field.Value);
            w.WriteString("provenance", field.Provenance?.Kind ?? "none");
            switch (field.Provenance)
            {
                case Provenance.Cited c:
                    w.WriteString("source", c.Url);
                    w.WriteNull("assumed");
                    break;
                case Provenance.Observed o:
                    w.WriteString("source", o.Url);
                    w.WriteNull("assumed");
                    break;
                case Provenance.OpenDb d:
                    w.WriteString("source", d.Url);
                    w.WriteNull("assumed");
                    break;
                case Provenance.Assumed a:
                    w.WriteNull("source");
                    w.WriteString("assumed", a.Reason);
                    break;
                default:
                    w.WriteNull("source");
                    w.WriteNull("assumed");
                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("prices");
        foreach (var p in part.Prices)
        {
            w.WriteStartObject();
            w.WriteNumber("amount", p.Price.Amount);
            w.WriteString("currency", p.Price.Currency);
            w.WriteString("date", p.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("condition", MapReader.EnumName(p.Condition));
            w.WriteString("source", p.Source);
            if (p.Own)
                w.WriteBoolean("own", true);
            if (p.Note is not null)
                w.WriteString("note", p.Note);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("defined_in", part.DefinedIn);
        w.WriteEndObject();
    }
}
