using System.Text;
using Rigsmith.Input;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Rigsmith.Web.Api;

/// <summary>
/// A request's body as text, within the server's limits, and the YAML limits a request must keep before the rig loader
/// sees it: no anchors or aliases (a rig file needs none, and they are how a small document expands into a huge one),
/// nesting at most <see cref="MaxDepth"/> deep and at most <see cref="MaxNodes"/> nodes.
/// </summary>
public static class RequestText
{
    /// <summary>A rig file is a few kilobytes; the largest example is under 4 KB.</summary>
    public const int MaxBytes = 256 * 1024;

    public const int MaxDepth = 16;

    public const int MaxNodes = 20_000;

    /// <summary>The body as UTF-8 text, or the problem to answer with: 413 past <see cref="MaxBytes"/>, 400 when not UTF-8.</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength > MaxBytes)
            return (null, Problems.TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                    return (null, Problems.TooLarge());
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (the same size) stopped a body sent without its length.
            return (null, Problems.TooLarge());
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.Status(StatusCodes.Status400BadRequest, "The request is not UTF-8 text", "send the rig file or part list as UTF-8"));
        }
    }

    /// <summary>The first limit <paramref name="yaml"/> breaks, as a problem with its line; null when it keeps them all.</summary>
    public static InputProblem? YamlLimitBroken(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        var nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case AnchorAlias:
                        return Problem(e, file, "an alias (*name): requests may not use YAML anchors or aliases", "write the value out in full");
                    case NodeEvent { Anchor.IsEmpty: false }:
                        return Problem(e, file, "an anchor (&name): requests may not use YAML anchors or aliases", "write the value out in full");
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        return Problem(e, file, $"nested more than {MaxDepth} levels deep");
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }

                if (e is NodeEvent && ++nodes > MaxNodes)
                    return Problem(e, file, $"more than {MaxNodes} values");
            }
        }
        catch (YamlException)
        {
            // Not valid YAML: the rig loader words that problem, with its position.
            return null;
        }

        return null;
    }

    private static InputProblem Problem(ParsingEvent e, string file, string message, string? suggestion = null) =>
        new(file, (int)e.Start.Line, (int)e.Start.Column, "", message, suggestion);
}
