using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Rigsmith.Analysis;
using Rigsmith.Doctor;
using Rigsmith.Doctor.Observations;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Web.Api;
using Rigsmith.Web.Storage;
using static Rigsmith.Web.Pages.PageLayout;

namespace Rigsmith.Web.Pages;

/// <summary>
/// <c>POST /b/{id}/doctor</c>: the captures of <c>rigsmith doctor --collect</c>, zipped, read by the doctor against
/// the build's plan, as <c>rigsmith doctor RIG --from DIR</c> would. Nothing is stored. The zip is read in memory
/// within limits (how many files, how large each once unpacked), so a small archive cannot unpack into a large one.
/// </summary>
public static class DoctorPage
{
    /// <summary>The upload's limit: a capture folder is some hundreds of KB of text (policy, with room for long kernel logs).</summary>
    public const int MaxZipBytes = 8 * 1024 * 1024;

    /// <summary>At most this many files are read, each at most <see cref="MaxFileBytes"/> unpacked.</summary>
    public const int MaxFiles = 64;

    public const int MaxFileBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapDoctorPage(this IEndpointRouteBuilder app)
    {
        app.MapPost("/b/{id}/doctor", Examine).RequireRateLimiting(WebApp.ComputePolicy).ExcludeFromDescription()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxZipBytes + 64 * 1024));
        return app;
    }

    private static async Task<IResult> Examine(string id, int? version, HttpContext context, IAntiforgery antiforgery, DataSources data, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, version, cancel) is not { } build)
            return Page("Not found", Notice("error", "No build has this id and version."), StatusCodes.Status404NotFound);
        var back = $"<p><a href=\"/b/{E(id)}?version={build.Version.ToString(CultureInfo.InvariantCulture)}\">Back to the build</a></p>";
        IFormCollection? form;
        try
        {
            form = await ReadFormAsync(context, antiforgery, cancel);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return Page("Doctor", Notice("error", $"<p>The upload is larger than {MaxZipBytes / (1024 * 1024)} MB or not a form upload.</p>") + back, StatusCodes.Status413PayloadTooLarge);
        }

        if (form is null)
            return FormRefused();
        if (form.Files.GetFile("captures") is not { Length: > 0 } file)
            return Page("Doctor", Notice("error", "<p>Choose the zip of the captures folder to upload.</p>") + back, StatusCodes.Status400BadRequest);
        var (captures, problem) = ReadZip(file);
        if (problem is not null)
            return Page("Doctor", Notice("error", $"<p>{E(problem)}</p>") + back, StatusCodes.Status400BadRequest);

        var (rig, _) = RigApi.Load(build.Yaml, data);
        var plan = rig is null ? null : AnalysisContext.For(rig.Rig, rig.Job);
        var report = MachineDoctor.Examine(MachineObservations.Read(captures!), plan);
        return Page("Doctor: " + build.Name, Html(build, report, captures!.Count, rig is null) + back);
    }

    /// <summary>The zip's files as the doctor reads a folder's (any names; each is recognised by its content), or why not.</summary>
    public static (IReadOnlyList<(string Name, string Text)>? Captures, string? Problem) ReadZip(IFormFile file)
    {
        try
        {
            using var zip = new ZipArchive(file.OpenReadStream(), ZipArchiveMode.Read);
            var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (files.Count == 0)
                return (null, "the zip holds no files; zip the folder that rigsmith doctor --collect wrote");
            if (files.Count > MaxFiles)
                return (null, $"the zip holds {files.Count} files; a capture folder has fewer than {MaxFiles}");
            var captures = new List<(string, string)>();
            var buffer = new byte[MaxFileBytes + 1];
            foreach (var entry in files.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                using var stream = entry.Open();
                var read = 0;
                int n;
                while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
                    read += n;
                if (read > MaxFileBytes)
                    return (null, $"{entry.FullName} unpacks to more than {MaxFileBytes / (1024 * 1024)} MB; a capture is text of some KB");
                captures.Add((Path.GetFileName(entry.FullName), Encoding.UTF8.GetString(buffer, 0, read)));
            }

            return (captures, null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentOutOfRangeException)
        {
            // ZipArchive says "not a zip" in several ways, depending on where in the bytes it gives up.
            return (null, "the upload is not a zip file");
        }
    }

    private static string Html(StoredBuild build, DoctorReport report, int files, bool noPlan)
    {
        var h = new StringBuilder();
        h.Append("<h1>Doctor: ").Append(E(build.Name)).Append("</h1>\n<p>").Append(files.ToString(CultureInfo.InvariantCulture)).Append(" capture files read, compared with version ")
            .Append(build.Version.ToString(CultureInfo.InvariantCulture)).Append(noPlan ? " (which no longer loads: health checks only)" : "").Append(".</p>\n")
            .Append("<p class=\"verdict ").Append(JsonReport.VerdictName(report.Verdict)).Append("\" id=\"verdict\">Verdict: ").Append(E(TextFormat.Verdict(report.Verdict))).Append(" — ")
            .Append(E(Headline.Counts(report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Info)))).Append("</p>\n");
        if (report.Findings.Count > 0)
        {
            h.Append("<table><caption>Findings</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Finding</th><th scope=\"col\">Observed</th><th scope=\"col\">Planned</th><th scope=\"col\">What to do</th></tr></thead><tbody>\n");
            foreach (var f in report.Findings)
            {
                h.Append("<tr><td>").Append(E(f.Rule.Id)).Append("</td><td>").Append(E(TextFormat.Severity(f.Severity))).Append("</td><td>").Append(E(f.Finding.Message)).Append("</td><td>")
                    .Append(E(f.Observed)).Append("</td><td>").Append(E(f.Planned)).Append("</td><td>").Append(E(f.Finding.Fix)).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        foreach (var (title, header, rows) in DoctorTables.All(report).Where(t => t.Rows.Count > 0))
        {
            h.Append("<table><caption>").Append(E(title)).Append("</caption><thead><tr>").AppendJoin("", header.Select(c => $"<th scope=\"col\">{E(c)}</th>")).Append("</tr></thead><tbody>\n");
            foreach (var row in rows)
                h.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).Append("</tr>\n");
            h.Append("</tbody></table>\n");
        }

        if (report.Notes.Count > 0)
            h.Append("<h2>Notes</h2>\n<ul>").AppendJoin("", report.Notes.Select(n => $"<li>{E(n)}</li>")).Append("</ul>\n");
        return h.ToString();
    }
}
