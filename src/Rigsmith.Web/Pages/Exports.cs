using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Planning;
using Rigsmith.Publishing;
using Rigsmith.Reporting;
using Rigsmith.Reports;
using Rigsmith.Web.Api;
using Rigsmith.Web.Storage;
using static Rigsmith.Web.Pages.PageLayout;

namespace Rigsmith.Web.Pages;

/// <summary>One download: the rig file, the report, or the part list in a forum's or a spreadsheet's format.</summary>
/// <param name="Render">The text from the report; null for the rig file, which is its own text.</param>
public sealed record ExportFormat(string Key, string Label, string Extension, string ContentType, Func<Report, PriceBook?, string>? Render);

/// <summary>
/// Downloads, from the editor (the rig being edited, posted) and from a build's page (a saved version): the same
/// renderers as <c>rigsmith export</c> and <c>rigsmith check --format</c>.
/// </summary>
public static partial class Exports
{
    public static readonly IReadOnlyList<ExportFormat> Formats =
    [
        new("rig", "Rig file (YAML)", "rig.yaml", "application/yaml", null),
        new("html", "Report with charts (HTML)", "report.html", "text/html", (r, book) => HtmlReport.Render(r, book)),
        new("report-json", "Report (JSON)", "report.json", "application/json", (r, book) => JsonReport.Render(r, PartList.From(r.Rig, book))),
        new("report-markdown", "Report (Markdown)", "report.md", "text/markdown", (r, book) => MarkdownReport.Render(r, cost: PartList.From(r.Rig, book))),
        new("article", "Build article (Markdown)", "article.md", "text/markdown", (r, book) => BuildArticle.Render(r, book)),
        new("pcpartpicker", "Part list, PCPartPicker Markdown", "pcpartpicker.md", "text/markdown", (r, book) => PcPartPickerMarkdown.Render(PartList.From(r.Rig, book))),
        new("reddit", "Part list, Reddit Markdown", "reddit.md", "text/markdown", (r, book) => RedditPartList.Render(PartList.From(r.Rig, book))),
        new("bbcode", "Part list, BBCode", "bbcode.txt", "text/plain", (r, book) => BbCodePartList.Render(PartList.From(r.Rig, book))),
        new("text", "Part list, plain text", "parts.txt", "text/plain", (r, book) => TextPartList.Render(PartList.From(r.Rig, book))),
        new("csv", "Part list, CSV", "parts.csv", "text/csv", (r, book) => CsvPartList.Render(PartList.From(r.Rig, book))),
        new("json", "Part list, JSON", "parts.json", "application/json", (r, book) => JsonPartList.Render(PartList.From(r.Rig, book))),
    ];

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/export", FromEditor).RequireRateLimiting(WebApp.ComputePolicy).ExcludeFromDescription();
        app.MapGet("/b/{id}/export", FromBuild).RequireRateLimiting(WebApp.ComputePolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> FromEditor(HttpContext context, IAntiforgery antiforgery, DataSources data, CancellationToken cancel)
    {
        if (await ReadFormAsync(context, antiforgery, cancel) is not { } form)
            return FormRefused();
        return Download(form["yaml"].ToString().Replace("\r\n", "\n", StringComparison.Ordinal), form["to"].ToString(), data);
    }

    private static async Task<IResult> FromBuild(string id, string? to, int? version, DataSources data, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, version, cancel) is not { } build)
            return Page("Not found", Notice("error", "No build has this id and version."), StatusCodes.Status404NotFound);
        return Download(build.Yaml, to ?? "rig", data);
    }

    private static IResult Download(string yaml, string to, DataSources data)
    {
        if (Formats.FirstOrDefault(f => f.Key == to) is not { } format)
            return Page("Unknown format", Notice("error", $"<p>No download is called '{E(to)}'; choose one of {E(string.Join(", ", Formats.Select(f => f.Key)))}.</p>"), StatusCodes.Status400BadRequest);
        var (rig, _) = RigApi.Load(yaml, data);
        var name = FileStem(rig?.Rig.Name ?? RigDraftName(yaml));
        if (format.Render is not { } render)
            return TypedResults.File(Encoding.UTF8.GetBytes(yaml), format.ContentType, $"{name}.{format.Extension}");
        if (rig is null)
            return Page("Not exported", Notice("error", "<p>The rig file has problems, so there is no report to export yet; the editor lists them.</p>"), StatusCodes.Status400BadRequest);
        var report = Analyzer.Check(rig.Rig, rig.Job, format.Key == "html" ? HtmlReport.PlanOptions : null);
        return TypedResults.File(Encoding.UTF8.GetBytes(render(report, data.PriceBook)), format.ContentType + "; charset=utf-8", $"{name}.{format.Extension}");
    }

    private static string RigDraftName(string yaml) => Editor.RigDraft.FromYaml(yaml)?.Name ?? "rig";

    /// <summary>A file name from the rig's name: letters, digits and dashes only.</summary>
    public static string FileStem(string name)
    {
        var stem = NotFileSafe().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return stem.Length == 0 ? "rig" : stem.Length > 60 ? stem[..60].TrimEnd('-') : stem;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotFileSafe();
}
