using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Rigsmith.Analysis;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Web.Api;
using Rigsmith.Web.Storage;

namespace Rigsmith.Web.Pages;

/// <summary>
/// <c>/b/{id}</c>: a build's page, server-rendered HTML with no script: its headline, findings, versions and rig file.
/// Every string that came from a user (the rig's name, its YAML, part names in messages) is HTML-encoded.
/// </summary>
public static class BuildPage
{
    public static IEndpointRouteBuilder MapBuildPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/b/{id}", Render).WithTags("pages").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Render(string id, int? version, DataSources data, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, version, cancel) is not { } build)
            return Problems.NotFound("no build has this id");
        var versions = await store.VersionsAsync(id, cancel) ?? [];
        var (rig, _) = RigApi.Load(build.Yaml, data);
        var report = rig is null ? null : Analyzer.Check(rig.Rig, rig.Job);
        return TypedResults.Text(Html(build, versions, report), "text/html", Encoding.UTF8);
    }

    public static string Html(StoredBuild build, IReadOnlyList<BuildVersion> versions, Report? report)
    {
        var e = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(e.Encode(build.Name)).Append(" · rigsmith</title>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(e.Encode(build.Name)).Append("</h1>\n")
            .Append("<p>Version ").Append(build.Version.ToString(CultureInfo.InvariantCulture)).Append(", saved ").Append(e.Encode(build.UpdatedAt)).Append(".</p>\n");
        if (report is null)
        {
            html.Append("<p>This version no longer loads against the server's catalog; its rig file is below.</p>\n");
        }
        else
        {
            html.Append("<h2>Verdict: ").Append(e.Encode(JsonReport.VerdictName(report.Verdict))).Append("</h2>\n")
                .Append("<p>").Append(e.Encode(Headline.Hardware(report))).Append("</p>\n");
            if (Headline.Workload(report) is { } workload)
                html.Append("<p>").Append(e.Encode(workload)).Append("</p>\n");
            html.Append("<table>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Finding</th><th scope=\"col\">Fix</th></tr></thead>\n<tbody>\n");
            foreach (var f in report.Findings)
            {
                html.Append("<tr><td>").Append(e.Encode(f.Rule.Id)).Append("</td><td>").Append(e.Encode(JsonReport.SeverityName(f.Severity)))
                    .Append("</td><td>").Append(e.Encode(f.Message)).Append("</td><td>").Append(e.Encode(f.Fix ?? "")).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("<h2>Versions</h2>\n<ol>\n");
        foreach (var v in versions)
        {
            html.Append("<li><a href=\"/b/").Append(e.Encode(build.Id)).Append("?version=").Append(v.Version.ToString(CultureInfo.InvariantCulture)).Append("\">")
                .Append(e.Encode(v.Name)).Append("</a>, ").Append(e.Encode(v.CreatedAt)).Append("</li>\n");
        }

        html.Append("</ol>\n<h2>Rig file</h2>\n<pre>").Append(e.Encode(build.Yaml)).Append("</pre>\n")
            .Append("<p><a href=\"/api/builds/").Append(e.Encode(build.Id)).Append("\">Download the YAML</a></p>\n")
            .Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
