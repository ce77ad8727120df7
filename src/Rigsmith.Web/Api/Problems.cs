using Rigsmith.Input;

namespace Rigsmith.Web.Api;

/// <summary>The API's errors, each an RFC 9457 problem document; input problems keep their line and field.</summary>
public static class Problems
{
    public static IResult Input(IReadOnlyList<InputProblem> problems, string title = "The rig has problems") =>
        TypedResults.Problem(
            title: title,
            detail: problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems; the first: {problems[0]}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = problems.Select(p => new { file = p.File, line = p.Line, column = p.Column, field = p.Field, message = p.Message, suggestion = p.Suggestion }).ToList(),
            });

    public static IResult TooLarge() =>
        TypedResults.Problem(title: "The request is too large", detail: $"a request body may hold at most {RequestText.MaxBytes / 1024} KB of UTF-8 text",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    public static IResult Status(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
