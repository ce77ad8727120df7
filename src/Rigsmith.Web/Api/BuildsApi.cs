using System.Globalization;
using Microsoft.Net.Http.Headers;
using Rigsmith.Planning;
using Rigsmith.Web.Storage;

namespace Rigsmith.Web.Api;

/// <summary>
/// Saved builds: a rig file kept with every version, readable by anyone with its link and saved only with the edit
/// token given when it was created. The version is the ETag: a save names it in If-Match, and a save of a version that
/// is no longer the newest gets 412 and changes nothing, so a stale copy never overwrites a newer one.
/// </summary>
public static class BuildsApi
{
    public const string YamlType = "application/yaml";

    public static IEndpointRouteBuilder MapBuildsApi(this IEndpointRouteBuilder app)
    {
        var builds = app.MapGroup("/api/builds").WithTags("builds");
        builds.MapPost("/", Create).RequireRateLimiting(WebApp.SavesPolicy).WithSummary("Save a rig file (YAML body) as a new build: 201, its Location and an edit token, shown once.");
        builds.MapGet("/{id}", Get).WithSummary("The build's newest rig file (or ?version=N), with its version as the ETag.");
        builds.MapPut("/{id}", Save).RequireRateLimiting(WebApp.SavesPolicy).WithSummary("Save a new version: Authorization: Bearer <edit token> and If-Match: the version edited.");
        builds.MapGet("/{id}/versions", Versions).WithSummary("Every version of the build, oldest first.");
        return app;
    }

    public static string ETagOf(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static async Task<IResult> Create(HttpRequest request, HttpResponse response, DataSources data, BuildStore store, CancellationToken cancel)
    {
        var (yaml, rig, problem) = await RigApi.LoadAsync(request, data, cancel);
        if (problem is not null)
            return problem;
        var (id, token) = await store.CreateAsync(rig!.Rig.Name, yaml!, cancel);
        response.Headers.ETag = ETagOf(1);
        return TypedResults.Created($"/api/builds/{id}", new { id, version = 1, edit_token = token, url = $"/b/{id}" });
    }

    private static async Task<IResult> Get(string id, int? version, HttpRequest request, HttpResponse response, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, version, cancel) is not { } build)
            return Problems.NotFound(version is null ? "no build has this id" : "this build has no such version");
        var etag = ETagOf(build.Version);
        response.Headers.ETag = etag;
        if (request.Headers.IfNoneMatch.Contains(etag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Text(build.Yaml, YamlType, System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> Save(string id, HttpRequest request, HttpResponse response, DataSources data, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id))
            return Problems.NotFound("no build has this id");
        if (BearerToken(request) is not { } token)
            return Problems.Status(StatusCodes.Status401Unauthorized, "Edit token required", "send the build's edit token as 'Authorization: Bearer <token>'");
        if (ExpectedVersion(request) is not { } expected)
            return Problems.Status(StatusCodes.Status428PreconditionRequired, "If-Match required",
                "send the version you edited as 'If-Match: \"N\"' (the ETag you read), so a newer save is never overwritten");
        var (yaml, rig, problem) = await RigApi.LoadAsync(request, data, cancel);
        if (problem is not null)
            return problem;

        var saved = await store.SaveAsync(id, token, expected, rig!.Rig.Name, yaml!, cancel);
        switch (saved.Outcome)
        {
            case SaveOutcome.NotFound:
                return Problems.NotFound("no build has this id");
            case SaveOutcome.WrongToken:
                return Problems.Status(StatusCodes.Status403Forbidden, "Wrong edit token", "this token does not edit this build");
            case SaveOutcome.Stale:
                response.Headers.ETag = ETagOf(saved.Version);
                return TypedResults.Problem(title: "The build has changed", statusCode: StatusCodes.Status412PreconditionFailed,
                    detail: $"you edited version {expected}; version {saved.Version} is newer. Read it, apply your change to it and save again; nothing was saved",
                    extensions: new Dictionary<string, object?> { ["current_version"] = saved.Version });
            default:
                response.Headers.ETag = ETagOf(saved.Version);
                return TypedResults.Ok(new { id, version = saved.Version, url = $"/b/{id}" });
        }
    }

    private static async Task<IResult> Versions(string id, BuildStore store, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.VersionsAsync(id, cancel) is not { } versions)
            return Problems.NotFound("no build has this id");
        return TypedResults.Ok(versions.Select(v => new { version = v.Version, name = v.Name, created_at = v.CreatedAt }));
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length ? header[scheme.Length..].Trim() : null;
    }

    /// <summary>The version in <c>If-Match: "N"</c>; null when absent, a wildcard or not a version of ours.</summary>
    private static int? ExpectedVersion(HttpRequest request)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfMatch, out var tags) || tags.Count != 1 || tags[0].IsWeak)
            return null;
        var value = tags[0].Tag.Value;
        return value is { Length: > 2 } && int.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : null;
    }
}
