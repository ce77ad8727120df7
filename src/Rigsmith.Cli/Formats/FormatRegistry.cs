using Rigsmith.Input;

namespace Rigsmith.Cli.Formats;

/// <summary>An output format as the user names it, with a line saying what it is.</summary>
public interface INamedFormat
{
    string Name { get; }
    string Summary { get; }
}

/// <summary>A format written to the console: the terminal renderer, or text (JSON, Markdown) written as it is.</summary>
public sealed record ConsoleFormat<T>(string Name, string Summary, Action<CliIo, T> Write) : INamedFormat;

/// <summary>
/// A format rendered to text that goes to standard output or a file (<c>export --out</c>); one that
/// <paramref name="InToolsBinary"/> is rendered by <c>rigsmith-tools</c> when this binary does not hold its renderer
/// (<see cref="CommandLine.ToolsBinary"/>).
/// </summary>
public sealed record FileFormat<T>(string Name, string Summary, Func<T, string> Render, bool InToolsBinary = false) : INamedFormat;

/// <summary>
/// The formats one option accepts, in the order help lists them. The same list gives the accepted values, the help
/// text and the dispatch, so a format cannot be listed without a renderer, nor rendered without being listed.
/// </summary>
public sealed class FormatRegistry<TFormat>(string option, params TFormat[] formats) : IFormatList
    where TFormat : INamedFormat
{
    public string Option { get; } = option;
    public IReadOnlyList<TFormat> All { get; } = formats;
    public IReadOnlyList<string> Names => [.. All.Select(f => f.Name)];

    /// <summary>"text, json or markdown".</summary>
    public string Accepted => Names.Count == 1 ? Names[0] : string.Join(", ", Names.Take(Names.Count - 1)) + " or " + Names[^1];

    public TFormat Get(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, $"{Option}: validated settings name a listed format");

    /// <summary>Null for a listed format, else "--format: unknown format 'yamlish'; use text, json or markdown" with a suggestion.</summary>
    public string? Validate(string name)
    {
        if (All.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
            return null;
        var hint = Suggestions.DidYouMean(name.ToLowerInvariant(), Names);
        return $"{Option}: unknown format '{name}'; use {Accepted}" + (hint is null ? "" : $" ({hint})");
    }
}

/// <summary>What help needs of a registry, whatever its formats render.</summary>
public interface IFormatList
{
    IReadOnlyList<string> Names { get; }
    string Accepted { get; }
    string? Validate(string name);
}
