using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Publishing;
using Rigsmith.Publishing.Import;
using Rigsmith.Reporting;

namespace Rigsmith.Web.Api;

/// <summary>
/// The stateless API: check and fit a rig sent as YAML (the same JSON as <c>check --format json</c> and
/// <c>fit --format json</c>), search the catalog, and turn a PCPartPicker list into a rig file.
/// </summary>
public static class RigApi
{
    /// <summary>What problems in a request's rig file call the file.</summary>
    public const string RequestFile = "request.rig.yaml";

    public static IEndpointRouteBuilder MapRigApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("rigs");
        api.MapPost("/check", Check).RequireRateLimiting(WebApp.ComputePolicy).WithSummary("Check a rig file (YAML body): the report as check --format json writes it.");
        api.MapPost("/fit", Fit).RequireRateLimiting(WebApp.ComputePolicy).WithSummary("Estimate the rig's workload (YAML body); ?search=true ranks the settings that fit.");
        api.MapGet("/parts", Parts).WithSummary("Catalog parts whose id, name or vendor hold every word of q.");
        api.MapPost("/import", Import).RequireRateLimiting(WebApp.ComputePolicy).WithSummary("A PCPartPicker list (text body) as a rig file, with how each line matched.");
        return app;
    }

    private static async Task<IResult> Check(HttpRequest request, DataSources data, CancellationToken cancel)
    {
        var loaded = await LoadAsync(request, data, cancel);
        if (loaded.Problem is { } problem)
            return problem;
        var report = Analyzer.Check(loaded.Rig!.Rig, loaded.Rig.Job);
        return Json(JsonReport.Render(report, PartList.From(report.Rig, data.PriceBook)));
    }

    private static async Task<IResult> Fit(HttpRequest request, DataSources data, bool? search, int? top, CancellationToken cancel)
    {
        if (top is < 1 or > 100)
            return Problems.Status(StatusCodes.Status400BadRequest, "Bad query", "top: give a number from 1 to 100");
        var loaded = await LoadAsync(request, data, cancel);
        if (loaded.Problem is { } problem)
            return problem;
        if (loaded.Rig!.Job is not { } job)
            return Problems.Input([new InputProblem(RequestFile, 0, 0, "workload", "the rig file has no workload section", "add one: model, method and the other settings")]);
        var plan = Planner.Build(loaded.Rig.Rig, job, new PlanOptions(SearchTop: search == true ? top ?? 5 : 0)).Training!;
        return Json(FitJson.Render(plan.Estimate, search == true ? plan.Candidates : null));
    }

    /// <summary>How many parts one search answers with, best first (policy: a page a person reads, not the catalog).</summary>
    public const int PartsPerPage = 100;

    private static IResult Parts(DataSources data, string? q, string? category)
    {
        if (data.Catalog is not { Ok: true } catalog)
            return Unavailable();
        PartCategory? only = null;
        if (category is not null)
        {
            (only, var unknown) = PartSearch.CategoryNamed(category);
            if (unknown is not null)
                return Problems.Status(StatusCodes.Status400BadRequest, "Bad query", "category: " + unknown);
        }

        // The catalog holds some 22,000 parts with the OpenDB tier: a page of the best matches, not all of them.
        return Json(CatalogJson.Render(PartSearch.Matching(catalog.Value!, q, only, PartsPerPage)));
    }

    private static async Task<IResult> Import(HttpRequest request, DataSources data, CancellationToken cancel)
    {
        var (text, unreadable) = await RequestText.ReadAsync(request, cancel);
        if (unreadable is not null)
            return unreadable;
        if (data.Catalog is not { Ok: true } catalog)
            return Unavailable();
        const string name = "request.txt";
        var parsed = PcPartPickerParser.Parse(text!, name);
        if (!parsed.Ok)
            return Problems.Input(parsed.Problems, "The part list could not be read");
        var result = RigFileImporter.Import(parsed.Value!, catalog.Value!, name);
        return TypedResults.Ok(new
        {
            rig = result.Yaml,
            matches = result.Matches.Select(m => new
            {
                line = m.Line.Line,
                text = m.Line.Name,
                kind = MapReader.EnumName(m.Kind),
                part = m.Part?.Id,
                confidence = Math.Round(m.Confidence, 2),
                runner_up = m.RunnerUp,
            }),
            skipped = result.Skipped.Select(s => new { line = s.Line, text = s.Text, reason = s.Reason }),
            report = result.Report,
        });
    }

    /// <summary>
    /// A request's rig file, its text and the rig loaded from it as the command line loads a file; or the problem to
    /// answer with (too large, not UTF-8, over the YAML limits, or the rig's own problems).
    /// </summary>
    internal static async Task<(string? Yaml, LoadedRig? Rig, IResult? Problem)> LoadAsync(HttpRequest request, DataSources data, CancellationToken cancel)
    {
        var (text, unreadable) = await RequestText.ReadAsync(request, cancel);
        if (unreadable is not null)
            return (null, null, unreadable);
        var (rig, problem) = Load(text!, data);
        return (text, rig, problem);
    }

    internal static (LoadedRig? Rig, IResult? Problem) Load(string yaml, DataSources data)
    {
        if (RequestText.YamlLimitBroken(yaml, RequestFile) is { } broken)
            return (null, Problems.Input([broken], "The rig file breaks the request limits"));
        if (data.Catalog is not { Ok: true })
            return (null, Unavailable());
        var loaded = RigInput.Load(RigSource.Text(yaml, RequestFile), data);
        return loaded.Ok ? (loaded.Value, null) : (null, Problems.Input(loaded.Problems));
    }

    /// <summary>The server's own data did not load: its operator's problem, said without paths.</summary>
    private static IResult Unavailable() =>
        Problems.Status(StatusCodes.Status503ServiceUnavailable, "The catalog is unavailable", "the server's part catalog did not load; its log says why");

    private static IResult Json(string json) => TypedResults.Text(json, "application/json", System.Text.Encoding.UTF8);
}
