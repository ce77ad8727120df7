using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Publishing.Import;
using Rigsmith.Web.Api;
using Rigsmith.Web.Editor;
using static Rigsmith.Web.Pages.PageLayout;

namespace Rigsmith.Web.Pages;

/// <summary>
/// <c>/import</c>: paste a PCPartPicker list (its Markdown, text or HTML export) and get the editor with the rig file
/// it makes, above a table of how each line matched (exact, fuzzy with its confidence and runner-up, or not at all).
/// </summary>
public static class ImportPage
{
    public static IEndpointRouteBuilder MapImportPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/import", Form).ExcludeFromDescription();
        app.MapPost("/import", Import).RequireRateLimiting(WebApp.ComputePolicy).ExcludeFromDescription();
        return app;
    }

    private static IResult Form(HttpContext context, IAntiforgery antiforgery) => Page("Import a PCPartPicker list", FormHtml(context, antiforgery, ""));

    private static string FormHtml(HttpContext context, IAntiforgery antiforgery, string text) =>
        "<h1>Import a PCPartPicker list</h1>\n<form method=\"post\" action=\"/import\">" + AntiforgeryField(context, antiforgery)
        + "<p><label for=\"list\">On PCPartPicker, open the list, choose Markdown (or Text) under \"Share\", copy it and paste it here.</label></p>\n"
        + "<textarea id=\"list\" name=\"list\" rows=\"16\" spellcheck=\"false\" required>" + E(text) + "</textarea>\n"
        + "<p><button type=\"submit\" class=\"primary\">Import</button></p></form>\n";

    private static async Task<IResult> Import(HttpContext context, IAntiforgery antiforgery, DataSources data, CancellationToken cancel)
    {
        if (await ReadFormAsync(context, antiforgery, cancel) is not { } form)
            return FormRefused();
        var text = form["list"].ToString();
        if (data.Catalog is not { Ok: true } catalog)
            return CatalogUnavailable();
        if (Encoding.UTF8.GetByteCount(text) > RequestText.MaxBytes)
            return Page("Import", Notice("error", $"<p>The list is longer than {RequestText.MaxBytes / 1024} KB.</p>") + FormHtml(context, antiforgery, ""), StatusCodes.Status413PayloadTooLarge);
        var parsed = PcPartPickerParser.Parse(text, "pasted list");
        if (!parsed.Ok)
        {
            var problems = string.Concat(parsed.Problems.Select(p => $"<li>{E(p.Message)}{(p.Suggestion is null ? "" : $" <em>({E(p.Suggestion)})</em>")}</li>"));
            return Page("Import", Notice("error", $"<p>The list could not be read:</p><ul>{problems}</ul>") + FormHtml(context, antiforgery, text), StatusCodes.Status400BadRequest);
        }

        var result = RigFileImporter.Import(parsed.Value!, catalog.Value!, "pasted list");
        var h = new StringBuilder("<div class=\"notice ok\" role=\"status\"><p>");
        h.Append(E(result.Report[^1])).Append("</p></div>\n<details open><summary>How each line matched</summary>\n<table><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Part list</th><th scope=\"col\">Match</th><th scope=\"col\">Catalog part</th></tr></thead><tbody>\n");
        foreach (var m in result.Matches)
        {
            var how = m.Kind switch
            {
                MatchKind.Exact => "exact",
                MatchKind.Fuzzy => $"fuzzy, {PartMatcher.FormatConfidence(m.Confidence)}" + (m.LowConfidence ? ", low: check it" : "") + (m.RunnerUp is null ? "" : $"; runner-up {m.RunnerUp}"),
                _ => m.Part is null ? "not imported" : MapReader.EnumName(m.Kind),
            };
            h.Append("<tr><td>").Append(m.Line.Line.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E($"{m.Line.Type}: {m.Line.Name}")).Append("</td><td>")
                .Append(E(how)).Append("</td><td>").Append(m.Part is null ? "—" : $"{E(m.Part.Name)} <code>{E(m.Part.Id)}</code>").Append("</td></tr>\n");
        }

        foreach (var s in result.Skipped)
            h.Append("<tr><td>").Append(s.Line.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(s.Text)).Append("</td><td>skipped: ").Append(E(s.Reason)).Append("</td><td>—</td></tr>\n");
        h.Append("</tbody></table>\n</details>\n<p>The rig file keeps a <code># TODO:</code> comment for what a part list does not say (the wall circuit, slots, drive ports): fill those in below.</p>\n");

        var draft = RigDraft.FromYaml(result.Yaml) ?? new RigDraft();
        var state = EditorState.Check(draft, result.Yaml, data, null, null, "gpu", null);
        return EditorPage.Render(context, antiforgery, data, state, "Imported: " + draft.Name, h.ToString());
    }
}
