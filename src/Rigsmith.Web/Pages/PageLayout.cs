using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Rigsmith.Web.Pages;

/// <summary>
/// The frame every page shares: the head (the site's stylesheet, htmx from this server, htmx's settings), the skip
/// link, the navigation and the footer with the data attributions. Pages write HTML into a <see cref="StringBuilder"/>
/// and encode every string that did not come from this code with <see cref="E"/>.
/// </summary>
public static class PageLayout
{
    /// <summary>
    /// htmx's settings (htmx reads this meta tag as JSON, not as script): no eval (hx-on and event filters stay off, so
    /// the Content-Security-Policy needs no 'unsafe-eval'), no script tags run from swapped HTML, no inline indicator
    /// styles (the policy allows styles from this server only), and requests to this server only.
    /// </summary>
    public const string HtmxConfig =
        "{\"allowEval\":false,\"allowScriptTags\":false,\"includeIndicatorStyles\":false,\"selfRequestsOnly\":true,\"historyEnabled\":false}";

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<meta name=\"htmx-config\" content=\"").Append(E(HtmxConfig)).Append("\">\n")
            .Append("<title>").Append(E(title)).Append(" · rigsmith</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/static/site.css\">\n")
            .Append("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n")
            .Append("<script src=\"/static/vendor/htmx.min.js\" defer></script>\n")
            .Append("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n")
            .Append("<header class=\"site\"><nav aria-label=\"Site\"><a class=\"brand\" href=\"/\">rigsmith</a>")
            .Append("<a href=\"/new\">New build</a><a href=\"/import\">Import a PCPartPicker list</a></nav></header>\n")
            .Append("<main id=\"main\">\n").Append(ScrollingTables(body)).Append("</main>\n")
            .Append("<footer class=\"site\"><p>Parts data: rigsmith's cited catalog and the ")
            .Append("<a href=\"https://github.com/buildcores/buildcores-open-db\">BuildCores OpenDB</a> (ODbL). ")
            .Append("<a href=\"/openapi/v1.json\">API</a>.</p></footer>\n</body>\n</html>\n");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>
    /// Every table in a box of its own that scrolls sideways when the table is wider than the screen (a phone), so the
    /// page itself never does; the box is a named region in the tab order, so it scrolls from the keyboard too.
    /// </summary>
    public static string ScrollingTables(string html) => html
        .Replace("<table", "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls sideways)\"><table", StringComparison.Ordinal)
        .Replace("</table>", "</table></div>", StringComparison.Ordinal);

    /// <summary>The hidden field that carries the antiforgery token of a form that posts.</summary>
    public static string AntiforgeryField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">\n";
    }

    /// <summary>
    /// A posted form, once its antiforgery token checks out (the token in the form against the one in this browser's
    /// cookie); null when it does not, or when the request is not a form.
    /// </summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpContext context, IAntiforgery antiforgery, CancellationToken cancel)
    {
        if (!context.Request.HasFormContentType)
            return null;
        try
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return null;
            return await context.Request.ReadFormAsync(cancel);
        }
        catch (AntiforgeryValidationException)
        {
            // The body ended early: the browser gave up on the request (htmx cancels a redraw that a newer one replaces).
            return null;
        }
    }

    /// <summary>The page for a form that <see cref="ReadFormAsync"/> refused.</summary>
    public static IResult FormRefused() => Page("Form not accepted", Notice("error",
        "<p>This form was not accepted: it is older than this browser's session, or it came from another site. Go back, reload the page and send it again.</p>"),
        StatusCodes.Status400BadRequest);

    /// <summary>The page for a server whose own catalog did not load: the operator's problem, said without paths.</summary>
    public static IResult CatalogUnavailable() =>
        Page("Unavailable", Notice("error", "<p>The server's part catalog did not load; its log says why.</p>"), StatusCodes.Status503ServiceUnavailable);

    /// <summary>A message box: <paramref name="kind"/> is "error", "warning" or "ok"; its role makes screen readers say it.</summary>
    public static string Notice(string kind, string htmlContent) =>
        $"<div class=\"notice {kind}\" role=\"{(kind == "error" ? "alert" : "status")}\">{htmlContent}</div>\n";
}
