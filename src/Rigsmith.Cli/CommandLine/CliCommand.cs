using System.CommandLine;
using Rigsmith.Cli.Commands;

namespace Rigsmith.Cli.CommandLine;

/// <summary>
/// One command of the command line: where it sits ("check", "catalog lint"), what help says about it, the arguments
/// and options it takes (built fresh for every run, since System.CommandLine links a symbol to the commands it is
/// added to), and what it runs. A branch ("catalog") has no <see cref="Run"/>: it only groups its subcommands.
/// </summary>
public sealed class CliCommand
{
    private CliCommand(string path, string description, IReadOnlyList<string> examples, Func<IEnumerable<Symbol>> symbols, Func<ParseResult, CliIo, int>? run)
    {
        Path = path;
        Description = description;
        Examples = examples;
        Symbols = symbols;
        Run = run;
    }

    /// <summary>The words that name the command after <c>rigsmith</c>.</summary>
    public string Path { get; }

    /// <summary>The word the command is typed as: the last of <see cref="Path"/>.</summary>
    public string Name => Path[(Path.LastIndexOf(' ') + 1)..];

    /// <summary>The parent branch's path, or "" for a command of the root.</summary>
    public string Parent => Path.Contains(' ', StringComparison.Ordinal) ? Path[..Path.LastIndexOf(' ')] : "";

    public string Description { get; }

    /// <summary>Command lines help shows, without the leading <c>rigsmith</c>.</summary>
    public IReadOnlyList<string> Examples { get; }

    /// <summary>The command's own arguments and options, after the ones every command shares.</summary>
    public Func<IEnumerable<Symbol>> Symbols { get; }

    /// <summary>Runs the parsed command line; null for a branch.</summary>
    public Func<ParseResult, CliIo, int>? Run { get; }

    public bool IsBranch => Run is null;

    /// <summary>
    /// A command whose settings are read from the parse result by <paramref name="bind"/> and checked (a format the
    /// command does not write, say) before <paramref name="execute"/> runs.
    /// </summary>
    public static CliCommand Leaf<TSettings>(string path, string description, IReadOnlyList<string> examples,
        Func<IEnumerable<Symbol>> symbols, Func<ParseResult, TSettings> bind, Func<CliIo, TSettings, int> execute)
        where TSettings : CatalogSettings =>
        new(path, description, examples, symbols, (result, io) =>
        {
            var settings = bind(result);
            return settings.Validate() is { } problem
                ? io.Fail($"{problem} (see 'rigsmith {path} --help')")
                : execute(io, settings);
        });

    /// <summary>A branch: a word that only groups subcommands.</summary>
    public static CliCommand Branch(string path, string description) => new(path, description, [], () => [], null);
}
