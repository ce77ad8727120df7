using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rigsmith.Catalog;

namespace Rigsmith.Reporting;

/// <summary><c>rigsmith catalog lint --format json</c> (documented in docs/json.md).</summary>
public static class CatalogLintJson
{
    public static string Render(CatalogLintReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", JsonReport.SchemaVersion);
            w.WriteString("verdict", report.ExitCode == 0 ? (report.Warnings > 0 ? "pass_with_warnings" : "pass") : "fail");
            w.WriteNumber("exit_code", report.ExitCode);
            w.WriteStartObject("totals");
            WriteCounts(w, report.Categories.Sum(c => c.Parts), report.Categories.Sum(c => c.Values), report.Categories.Sum(c => c.Cited),
                report.Categories.Sum(c => c.Observed), report.Categories.Sum(c => c.Assumed), report.Categories.Sum(c => c.Inherited),
                report.Categories.Sum(c => c.Unsourced), report.Errors, report.Warnings);
            w.WriteEndObject();

            w.WriteStartArray("categories");
            foreach (var c in report.Categories)
            {
                w.WriteStartObject();
                w.WriteString("category", CatalogLint.CategoryName(c.Category));
                WriteCounts(w, c.Parts, c.Values, c.Cited, c.Observed, c.Assumed, c.Inherited, c.Unsourced, c.Errors, c.Warnings);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            if (report.OpenDb is { } openDb)
            {
                w.WriteStartObject("opendb");
                w.WriteString("attribution", Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Attribution);
                w.WriteNumber("parts", openDb.Parts);
                w.WriteStartObject("values");
                foreach (var (kind, count) in openDb.ValuesByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
                    w.WriteNumber(kind, count);
                w.WriteEndObject();
                w.WriteStartArray("unsourced");
                foreach (var v in openDb.Unsourced)
                    w.WriteStringValue(v);
                w.WriteEndArray();
                w.WriteStartArray("overridden");
                foreach (var r in openDb.Rules)
                {
                    w.WriteStartObject();
                    w.WriteString("rule", r.Rule);
                    w.WriteString("description", r.Description);
                    w.WriteNumber("count", r.Count);
                    w.WriteStartArray("examples");
                    foreach (var c in r.Examples)
                    {
                        w.WriteStartObject();
                        w.WriteString("part", c.PartId);
                        w.WriteString("field", c.Field);
                        w.WriteString("opendb", c.Given);
                        w.WriteString("used", c.Used);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("skipped");
                foreach (var (category, reason, count) in openDb.Skipped)
                {
                    w.WriteStartObject();
                    w.WriteString("category", CatalogLint.CategoryName(category));
                    w.WriteString("reason", reason);
                    w.WriteNumber("count", count);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartArray("problems");
            foreach (var p in report.Problems.OrderByDescending(p => p.Rule.Severity))
            {
                w.WriteStartObject();
                w.WriteString("id", p.Rule.Id);
                w.WriteString("severity", CatalogLint.SeverityName(p.Rule.Severity));
                w.WriteString("title", p.Rule.Title);
                w.WriteString("part", p.Part.Id);
                w.WriteString("category", CatalogLint.CategoryName(p.Part.Category));
                w.WriteString("defined_in", p.Part.DefinedIn);
                w.WriteString("field", p.Field);
                w.WriteString("message", p.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("assumed");
            foreach (var part in report.Parts.Where(p => p.Assumed.Count > 0))
            {
                w.WriteStartObject();
                w.WriteString("part", part.Part.Id);
                w.WriteString("category", CatalogLint.CategoryName(part.Part.Category));
                w.WriteString("defined_in", part.Part.DefinedIn);
                w.WriteStartArray("values");
                foreach (var a in part.Assumed)
                {
                    w.WriteStartObject();
                    w.WriteString("field", a.Field);
                    w.WriteString("value", a.Value);
                    w.WriteString("reason", a.Reason);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteCounts(Utf8JsonWriter w, int parts, int values, int cited, int observed, int assumed, int inherited, int unsourced, int errors, int warnings)
    {
        w.WriteNumber("parts", parts);
        w.WriteNumber("values", values);
        w.WriteNumber("cited", cited);
        w.WriteNumber("observed", observed);
        w.WriteNumber("assumed", assumed);
        w.WriteNumber("inherited", inherited);
        w.WriteNumber("unsourced", unsourced);
        w.WriteNumber("errors", errors);
        w.WriteNumber("warnings", warnings);
    }
}
