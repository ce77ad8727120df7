using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rigsmith.Reporting;

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
            CostSection.WriteJson(w, list);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
