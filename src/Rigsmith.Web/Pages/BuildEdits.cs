using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Rigsmith.Planning;
using Rigsmith.Web.Editor;
using Rigsmith.Web.Storage;
using static Rigsmith.Web.Pages.PageLayout;

namespace Rigsmith.Web.Pages;

/// <summary>
/// Saving from the browser. A build's edit token lives in a cookie of its own (HttpOnly, SameSite=Strict, so another
/// site's page cannot save with it; every form also carries an antiforgery token). The editor names the version it
/// started from, and a save of a version that is no longer the newest is refused with 412 and the user's text kept,
/// exactly as the API refuses it.
/// </summary>
public static class BuildEdits
{
    public static IEndpointRouteBuilder MapBuildEdits(this IEndpointRouteBuilder app)
    {
        app.MapGet("/b/{id}/edit", Edit).ExcludeFromDescription();
        app.MapPost("/b/{id}/fork", Fork).RequireRateLimiting(WebApp.SavesPolicy).ExcludeFromDescription();
        app.MapPost("/b/{id}/token", Token).ExcludeFromDescription();
        return app;
    }

    public static string CookieName(string id) => "rigsmith-edit-" + id;

    public static string? TokenOf(HttpContext context, string id) => context.Request.Cookies[CookieName(id)] is { Length: > 0 } t ? t : null;

    private static void Remember(HttpContext context, string id, string token) =>
        context.Response.Cookies.Append(CookieName(id), token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
        });

    private static async Task<IResult> Edit(string id, HttpContext context, IAntiforgery antiforgery, DataSources data, BuildStore store, string? created, int? saved, CancellationToken cancel)
    {
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, null, cancel) is not { } build)
            return Page("Not found", Notice("error", "No build has this id."), StatusCodes.Status404NotFound);
        if (data.Catalog is not { Ok: true })
            return CatalogUnavailable();
        var token = TokenOf(context, id);
        if (token is null)
            return Page("Edit " + build.Name, NoTokenForm(context, antiforgery, build), StatusCodes.Status403Forbidden);
        var draft = RigDraft.FromYaml(build.Yaml) ?? new RigDraft();
        var state = EditorState.Check(draft, build.Yaml, data, id, build.Version, "gpu", null);
        string? banner = null;
        var link = $"<a href=\"/b/{E(id)}\">/b/{E(id)}</a>";
        if (created is not null)
        {
            banner = Notice("ok", $"<p>Saved as a new build. Its permanent link: {link}. Anyone with the link can read it; this browser can edit it.</p>"
                + $"<p>To edit it from another browser, keep this edit token: <code class=\"token\">{E(token)}</code> (it is not shown again).</p>");
        }
        else if (saved is not null)
        {
            banner = Notice("ok", $"<p>Saved as version {saved.Value.ToString(CultureInfo.InvariantCulture)} of {link}.</p>");
        }

        return EditorPage.Render(context, antiforgery, data, state, "Edit " + build.Name, banner);
    }

    /// <summary>The editor's Save: a new build, or the version after the one the editor started from.</summary>
    public static async Task<IResult> SaveAsync(HttpContext context, IAntiforgery antiforgery, DataSources data, BuildStore store, EditorState state, CancellationToken cancel)
    {
        var title = state.BuildId is null ? "New build" : "Edit " + state.Draft.Name;
        if (state.Rig is null)
            return EditorPage.Render(context, antiforgery, data, state, title,
                Notice("error", "<p>Not saved: a build is saved once its rig file loads. The problems are listed beside the rig file.</p>"), StatusCodes.Status400BadRequest);
        var name = state.Rig.Rig.Name;
        if (state.BuildId is not { } id)
        {
            var (newId, token) = await store.CreateAsync(name, state.Yaml, cancel);
            Remember(context, newId, token);
            return TypedResults.Redirect($"/b/{newId}/edit?created=1");
        }

        if (TokenOf(context, id) is not { } edit)
            return EditorPage.Render(context, antiforgery, data, state, title,
                Notice("error", $"<p>Not saved: this browser has no edit token for this build. <a href=\"/b/{E(id)}/edit\">Enter the token</a>, or fork the build from <a href=\"/b/{E(id)}\">its page</a>.</p>"),
                StatusCodes.Status401Unauthorized);
        if (state.Version is not { } expected)
            return EditorPage.Render(context, antiforgery, data, state, title, Notice("error", "<p>Not saved: the form does not say which version it edits; reload the build.</p>"), StatusCodes.Status428PreconditionRequired);

        var result = await store.SaveAsync(id, edit, expected, name, state.Yaml, cancel);
        switch (result.Outcome)
        {
            case SaveOutcome.Saved:
                return TypedResults.Redirect($"/b/{id}/edit?saved={result.Version.ToString(CultureInfo.InvariantCulture)}");
            case SaveOutcome.Stale:
                return EditorPage.Render(context, antiforgery, data, state, title, Notice("error",
                    $"<p id=\"stale\"><strong>The build has changed: nothing was saved (412).</strong> You edited version {expected.ToString(CultureInfo.InvariantCulture)}; "
                    + $"version {result.Version.ToString(CultureInfo.InvariantCulture)} was saved since. Your text is below. "
                    + $"<a href=\"/b/{E(id)}/diff?from={expected.ToString(CultureInfo.InvariantCulture)}&amp;to={result.Version.ToString(CultureInfo.InvariantCulture)}\">See what changed</a>, "
                    + $"then <a href=\"/b/{E(id)}/edit\">open the newest version</a> and apply your change to it.</p>"), StatusCodes.Status412PreconditionFailed);
            case SaveOutcome.WrongToken:
                return EditorPage.Render(context, antiforgery, data, state, title, Notice("error", "<p>Not saved: this browser's edit token does not edit this build.</p>"), StatusCodes.Status403Forbidden);
            default:
                return Page("Not found", Notice("error", "No build has this id."), StatusCodes.Status404NotFound);
        }
    }

    /// <summary>A copy of the build's newest version (or the one shown) as a new build this browser can edit.</summary>
    private static async Task<IResult> Fork(string id, HttpContext context, IAntiforgery antiforgery, BuildStore store, CancellationToken cancel)
    {
        if (await ReadFormAsync(context, antiforgery, cancel) is not { } form)
            return FormRefused();
        int? version = int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, version, cancel) is not { } build)
            return Page("Not found", Notice("error", "No build has this id."), StatusCodes.Status404NotFound);
        var (newId, token) = await store.CreateAsync(build.Name, build.Yaml, build.Id, build.Version, cancel);
        Remember(context, newId, token);
        return TypedResults.Redirect($"/b/{newId}/edit?created=1");
    }

    /// <summary>Another browser's way in: the token kept when the build was created, checked and then kept in a cookie.</summary>
    private static async Task<IResult> Token(string id, HttpContext context, IAntiforgery antiforgery, BuildStore store, CancellationToken cancel)
    {
        if (await ReadFormAsync(context, antiforgery, cancel) is not { } form)
            return FormRefused();
        var token = form["token"].ToString().Trim();
        if (!EditTokens.IsWellFormedId(id) || await store.GetAsync(id, null, cancel) is not { } build)
            return Page("Not found", Notice("error", "No build has this id."), StatusCodes.Status404NotFound);
        if (token.Length == 0 || !await store.TokenEditsAsync(id, token, cancel))
            return Page("Edit " + build.Name, Notice("error", "<p>That token does not edit this build.</p>") + NoTokenForm(context, antiforgery, build), StatusCodes.Status403Forbidden);
        Remember(context, id, token);
        return TypedResults.Redirect($"/b/{id}/edit");
    }

    private static string NoTokenForm(HttpContext context, IAntiforgery antiforgery, StoredBuild build) =>
        $"<h1>Edit {E(build.Name)}</h1>\n<p>This browser has no edit token for this build. Enter the token shown when it was created, or fork it to edit a copy of your own.</p>\n"
        + $"<form method=\"post\" action=\"/b/{E(build.Id)}/token\">{AntiforgeryField(context, antiforgery)}"
        + "<p class=\"field\"><label for=\"token\">Edit token</label><input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required></p>"
        + "<p><button type=\"submit\">Edit with this token</button></p></form>\n"
        + $"<form method=\"post\" action=\"/b/{E(build.Id)}/fork\">{AntiforgeryField(context, antiforgery)}<p><button type=\"submit\">Fork this build</button></p></form>\n";
}
