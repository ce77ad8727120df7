using System.Globalization;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Antiforgery;
using Rigsmith.Analysis;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Reports;
using Rigsmith.Web.Api;
using Rigsmith.Web.Storage;
using static Rigsmith.Web.Pages.PageLayout;

namespace Rigsmith.Web.Pages;

/// <summary>
/// <c>/b/{id}</c>: a build's page, readable by anyone with the link: its report with charts, its versions with a diff
/// between any two, the rig file, downloads, and the buttons to edit, fork, and compare the built machine (the
/// doctor's captures). Every string that came from a user is HTML-encoded.
/// </summary>
public static class BuildPage
{
    public static IEndpointRouteBuilder MapBuildPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/b/{id}", Render).WithTags("pages").ExcludeFromDescription();
        app.MapGet("/b/{id}/diff", Diff).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Render(string id, int? version, HttpContext context, IAntiforgery antiforgery, DataSources data, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, version, cancel) is not { } build)
            return Page("Not found", Notice("error", "No build has this id" + (version is null ? "." : " and version.")), StatusCodes.Status404NotFound);
        var versions = await store.VersionsAsync(id, cancel) ?? [];
        var (rig, _) = RigApi.Load(build.Yaml, data);
        var report = rig is null ? null : Analyzer.Check(rig.Rig, rig.Job, HtmlReport.PlanOptions);
        var newest = versions.Count == 0 ? build.Version : versions[^1].Version;
        return Page(build.Name, Html(build, versions, newest, report, data, AntiforgeryField(context, antiforgery), BuildEdits.TokenOf(context, id) is not null));
    }

    public static string Html(StoredBuild build, IReadOnlyList<BuildVersion> versions, int newest, Report? report, DataSources data, string antiforgery, bool canEdit)
    {
        var id = E(build.Id);
        var v = build.Version.ToString(CultureInfo.InvariantCulture);
        var html = new StringBuilder();
        html.Append("<h1>").Append(E(build.Name)).Append("</h1>\n")
            .Append("<p>Version ").Append(v).Append(build.Version == newest ? " (the newest)" : $" of {newest.ToString(CultureInfo.InvariantCulture)}")
            .Append(", saved ").Append(E(build.UpdatedAt)).Append('.');
        if (build.ForkedFrom is { } parent)
            html.Append(" Forked from <a href=\"/b/").Append(E(parent)).Append("?version=").Append(build.ForkedVersion?.ToString(CultureInfo.InvariantCulture)).Append("\">/b/").Append(E(parent)).Append("</a>.");
        html.Append("</p>\n<div class=\"actions\">")
            .Append("<a class=\"button\" href=\"/b/").Append(id).Append("/edit\">").Append(canEdit ? "Edit" : "Edit (needs the edit token)").Append("</a>")
            .Append("<form method=\"post\" action=\"/b/").Append(id).Append("/fork\">").Append(antiforgery)
            .Append("<input type=\"hidden\" name=\"version\" value=\"").Append(v).Append("\"><button type=\"submit\" id=\"fork\">Fork</button></form>")
            .Append("</div>\n");

        if (report is null)
        {
            html.Append(Notice("warning", "<p>This version no longer loads against the server's catalog; its rig file is below.</p>"));
        }
        else
        {
            html.Append("<p class=\"verdict ").Append(JsonReport.VerdictName(report.Verdict)).Append("\" id=\"verdict\">Verdict: ").Append(E(TextFormat.Verdict(report.Verdict))).Append(" — ")
                .Append(E(Headline.Counts(report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Info)))).Append("</p>\n")
                .Append("<p>").Append(E(Headline.Hardware(report))).Append("</p>\n");
            if (Headline.Workload(report) is { } workload)
                html.Append("<p>").Append(E(workload)).Append("</p>\n");
        }

        html.Append("<h2>Versions</h2>\n<ol class=\"versions\">\n");
        foreach (var version in versions)
        {
            var n = version.Version.ToString(CultureInfo.InvariantCulture);
            html.Append("<li><a href=\"/b/").Append(id).Append("?version=").Append(n).Append('"').Append(version.Version == build.Version ? " aria-current=\"page\"" : "").Append('>')
                .Append(E(version.Name)).Append("</a>, ").Append(E(version.CreatedAt));
            if (version.Version > 1)
                html.Append(" · <a href=\"/b/").Append(id).Append("/diff?from=").Append((version.Version - 1).ToString(CultureInfo.InvariantCulture)).Append("&amp;to=").Append(n).Append("\">changes from version ")
                    .Append((version.Version - 1).ToString(CultureInfo.InvariantCulture)).Append("</a>");
            html.Append("</li>\n");
        }

        html.Append("</ol>\n");
        if (versions.Count > 1)
        {
            html.Append("<form method=\"get\" action=\"/b/").Append(id).Append("/diff\" class=\"row\"><p class=\"field\"><label for=\"diff-from\">Compare version</label>")
                .Append(VersionSelect("diff-from", "from", versions, 1)).Append("</p><p class=\"field\"><label for=\"diff-to\">with version</label>")
                .Append(VersionSelect("diff-to", "to", versions, newest)).Append("</p><p class=\"field\"><button type=\"submit\">Compare</button></p></form>\n");
        }

        html.Append("<h2>Downloads</h2>\n<ul class=\"downloads\">");
        foreach (var format in Exports.Formats)
            html.Append("<li><a href=\"/b/").Append(id).Append("/export?to=").Append(format.Key).Append("&amp;version=").Append(v).Append("\">").Append(E(format.Label)).Append("</a></li>");
        html.Append("</ul>\n");

        html.Append("<h2>Check the built machine</h2>\n<p>Run <code>rigsmith doctor --collect captures/</code> on the machine, zip the folder, and upload it: the doctor compares what the machine reports with this version's plan.</p>\n")
            .Append("<form method=\"post\" action=\"/b/").Append(id).Append("/doctor?version=").Append(v).Append("\" enctype=\"multipart/form-data\">").Append(antiforgery)
            .Append("<p class=\"field\"><label for=\"captures\">Captures (a .zip of at most ").Append(DoctorPage.MaxZipBytes / (1024 * 1024)).Append(" MB)</label>")
            .Append("<input type=\"file\" id=\"captures\" name=\"captures\" accept=\".zip,application/zip\" required></p><p><button type=\"submit\">Run the doctor</button></p></form>\n");

        if (report is not null)
            html.Append("<h2>Report</h2>\n<div class=\"report-body\">\n").Append(HtmlReport.Body(report, data.PriceBook)).Append("</div>\n");
        html.Append("<h2>Rig file</h2>\n<pre class=\"yaml\">").Append(E(build.Yaml)).Append("</pre>\n");
        return html.ToString();
    }

    private static string VersionSelect(string id, string name, IReadOnlyList<BuildVersion> versions, int selected)
    {
        var s = new StringBuilder($"<select id=\"{id}\" name=\"{name}\">");
        foreach (var v in versions)
        {
            var n = v.Version.ToString(CultureInfo.InvariantCulture);
            s.Append("<option value=\"").Append(n).Append('"').Append(v.Version == selected ? " selected" : "").Append('>').Append(n).Append(": ").Append(E(v.Name)).Append("</option>");
        }

        return s.Append("</select>").ToString();
    }

    /// <summary>Two versions' rig files line by line (DiffPlex), and their verdicts side by side.</summary>
    private static async Task<IResult> Diff(string id, int? from, int? to, DataSources data, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.VersionsAsync(id, cancel) is not { } versions)
            return Page("Not found", Notice("error", "No build has this id."), StatusCodes.Status404NotFound);
        var newest = versions[^1].Version;
        var a = await store.GetAsync(id, from ?? Math.Max(1, newest - 1), cancel);
        var b = await store.GetAsync(id, to ?? newest, cancel);
        if (a is null || b is null)
            return Page("Not found", Notice("error", $"This build has versions 1 to {newest.ToString(CultureInfo.InvariantCulture)}."), StatusCodes.Status404NotFound);

        var h = new StringBuilder();
        var bid = E(id);
        h.Append("<h1>Changes to ").Append(E(b.Name)).Append("</h1>\n<p>From <a href=\"/b/").Append(bid).Append("?version=").Append(a.Version.ToString(CultureInfo.InvariantCulture)).Append("\">version ")
            .Append(a.Version.ToString(CultureInfo.InvariantCulture)).Append("</a> to <a href=\"/b/").Append(bid).Append("?version=").Append(b.Version.ToString(CultureInfo.InvariantCulture)).Append("\">version ")
            .Append(b.Version.ToString(CultureInfo.InvariantCulture)).Append("</a>.</p>\n<table class=\"verdicts\"><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Verdict</th></tr></thead><tbody>\n");
        foreach (var build in new[] { a, b })
        {
            var (rig, _) = RigApi.Load(build.Yaml, data);
            var verdict = rig is null ? "does not load" : TextFormat.Verdict(Analyzer.Check(rig.Rig, rig.Job).Verdict);
            h.Append("<tr><td>").Append(build.Version.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(verdict)).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n");
        var diff = InlineDiffBuilder.Diff(a.Yaml, b.Yaml, ignoreWhiteSpace: false);
        var added = diff.Lines.Count(l => l.Type == ChangeType.Inserted);
        var removed = diff.Lines.Count(l => l.Type == ChangeType.Deleted);
        h.Append("<p>").Append(Headline.Plural(added, "line")).Append(" added, ").Append(Headline.Plural(removed, "line")).Append(" removed.</p>\n<pre class=\"diff\" aria-label=\"Rig file changes\">");
        foreach (var line in diff.Lines)
        {
            var (tag, mark) = line.Type switch
            {
                ChangeType.Inserted => ("ins", "+ "),
                ChangeType.Deleted => ("del", "- "),
                _ => ("span", "  "),
            };
            h.Append('<').Append(tag).Append('>').Append(mark).Append(E(line.Text)).Append("</").Append(tag).Append(">\n");
        }

        h.Append("</pre>\n");
        return Page("Changes to " + b.Name, h.ToString());
    }
}
