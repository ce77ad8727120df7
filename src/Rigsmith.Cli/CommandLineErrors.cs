using System.CommandLine;
using System.CommandLine.Parsing;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Input;

namespace Rigsmith.Cli;

/// <summary>
/// Turns a failed parse into one message in the user's words: an unknown option gets the command's nearest option as
/// a suggestion, a value that does not convert names its option and what it should be, never a .NET type name. The
/// messages are rigsmith's own, built from what the parser found, not from System.CommandLine's (localised) text.
/// </summary>
public static class CommandLineErrors
{
    /// <summary>The commands by their path on the command line ("check", "catalog lint"); branches are not commands.</summary>
    public static readonly IReadOnlyDictionary<string, CliCommand> Commands =
        CommandTree.Commands.Where(c => !c.IsBranch).ToDictionary(c => c.Path, StringComparer.Ordinal);

    /// <summary>What went wrong in <paramref name="result"/>, whose command is at <paramref name="path"/> ("" for the root).</summary>
    public static string Describe(ParseResult result, string path)
    {
        var help = path.Length > 0 ? $"rigsmith {path} --help" : "rigsmith --help";
        var unmatched = result.UnmatchedTokens;
        if (unmatched.Count > 0)
        {
            if (unmatched.FirstOrDefault(t => t.Length > 1 && t.StartsWith('-')) is { } option)
                return UnknownOption(option.Split('=', ':')[0], path, help);
            var takesCommands = result.CommandResult.Command.Subcommands.Count > 0;
            return takesCommands
                ? $"Unknown command '{unmatched[0]}' (see '{help}')"
                : $"unexpected argument '{unmatched[0]}' (see '{help}')";
        }

        // The root given no command, only options that ask for nothing ('rigsmith --'): the parser sees no error in that.
        if (result.Errors.Count == 0)
            return $"give a command (see '{help}')";
        var error = result.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult { Tokens.Count: 0 } o => $"{o.Option.Name}: give a value (see '{help}')",
            OptionResult { Tokens.Count: > 1 } o when o.Option.Arity.MaximumNumberOfValues == 1 => $"{o.Option.Name}: given more than once (see '{help}')",
            // The options' own parsers word their errors ("--top: 'x' is not a whole number").
            OptionResult => error.Message,
            ArgumentResult { Tokens.Count: 0 } a => $"'{path}' needs its <{a.Argument.Name}> argument (see '{help}')",
            _ => $"{error.Message.TrimEnd('.')} (see '{help}')",
        };
    }

    /// <summary>
    /// An unknown option the parser took as an argument's value ('rigsmith parts --bogus' would otherwise search for
    /// "--bogus"), or null. After "--" anything is an argument.
    /// </summary>
    public static string? StrayOption(ParseResult result, string path)
    {
        // An option followed by another option ('--format --catalog DIR') has no value of its own, though the parser
        // took the next option for it.
        var names = result.CommandResult.Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var option in result.CommandResult.Children.OfType<OptionResult>())
        {
            if (option.Tokens.Any(t => names.Contains(t.Value)))
                return $"{option.Option.Name}: give a value (see '{(path.Length > 0 ? $"rigsmith {path} --help" : "rigsmith --help")}')";
        }

        var tokens = result.Tokens.ToList();
        var doubleDash = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        foreach (var argument in result.CommandResult.Command.Arguments)
        {
            foreach (var token in result.GetResult(argument)?.Tokens ?? [])
            {
                var position = tokens.FindIndex(t => ReferenceEquals(t, token));
                if (token.Value is ['-', _, ..] && (doubleDash < 0 || position < doubleDash))
                    return UnknownOption(token.Value.Split('=', ':')[0], path, path.Length > 0 ? $"rigsmith {path} --help" : "rigsmith --help");
            }
        }

        return null;
    }

    private static string UnknownOption(string written, string path, string help)
    {
        // A long option is compared with long ones only; a one-letter typo of a short option suggests nothing useful.
        var isLong = written.StartsWith("--", StringComparison.Ordinal);
        var options = OptionsOf(path).Where(o => o.StartsWith("--", StringComparison.Ordinal) == isLong);
        var hint = isLong ? Suggestions.DidYouMean(written, options) : null;
        return $"unknown option '{written}'" + (hint is null ? $"; see '{help}'" : $" ({hint})");
    }

    /// <summary>The command named by the leading words of <paramref name="args"/>: "check", "catalog lint", or "" for none.</summary>
    public static string CommandPath(IReadOnlyList<string> args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).Take(2).ToList();
        if (words.Count == 2 && Commands.ContainsKey($"{words[0]} {words[1]}"))
            return $"{words[0]} {words[1]}";
        return words.Count > 0 && Commands.ContainsKey(words[0]) ? words[0] : "";
    }

    /// <summary>Every long and short option the command at <paramref name="path"/> takes, as written ("--format", "-f").</summary>
    public static IReadOnlyList<string> OptionsOf(string path) =>
        CommandTree.Build().Command(path) is { } command
            ? [.. command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))]
            : ["--help", "--version"];
}
