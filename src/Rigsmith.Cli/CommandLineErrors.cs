using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;
using Rigsmith.Cli.Commands;
using Rigsmith.Input;
using Spectre.Console.Cli;

namespace Rigsmith.Cli;

/// <summary>
/// Turns the parser's messages into the user's words: an unknown option gets the command's nearest option as a
/// suggestion, a value that does not convert names its option and what it should be, never a .NET type name.
/// </summary>
public static partial class CommandLineErrors
{
    /// <summary>The commands by their path on the command line ("check", "catalog lint"), for their options.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Commands = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["check"] = typeof(CheckCommand),
        ["power"] = typeof(PowerCommand),
        ["fit"] = typeof(FitCommand),
        ["parts"] = typeof(PartsCommand),
        ["part"] = typeof(PartCommand),
        ["catalog lint"] = typeof(CatalogLintCommand),
        ["export"] = typeof(ExportCommand),
        ["import"] = typeof(ImportCommand),
        ["doctor"] = typeof(DoctorCommand),
    };

    /// <summary>Branches that need a subcommand.</summary>
    public static readonly IReadOnlyList<string> Branches = ["catalog"];

    public static string Describe(CommandAppException e, IReadOnlyList<string> args)
    {
        var message = e.Message.TrimEnd('.');
        var help = CommandPath(args) is { Length: > 0 } command ? $"rigsmith {command} --help" : "rigsmith --help";
        if (UnknownOption().Match(message) is { Success: true } unknown)
        {
            var written = args.FirstOrDefault(a => a.TrimStart('-').Split('=')[0] == unknown.Groups["name"].Value) ?? "--" + unknown.Groups["name"].Value;
            written = written.Split('=')[0];
            // A long option is compared with long ones only; a one-letter typo of a short option suggests nothing useful.
            var options = OptionsOf(CommandPath(args)).Where(o => o.StartsWith("--", StringComparison.Ordinal) == written.StartsWith("--", StringComparison.Ordinal));
            var hint = written.StartsWith("--", StringComparison.Ordinal) ? Suggestions.DidYouMean(written, options) : null;
            return $"unknown option '{written}'" + (hint is null ? $"; see '{help}'" : $" ({hint})");
        }

        if (UnexpectedOption().Match(message) is { Success: true } unexpected)
            return $"unknown option '--{unexpected.Groups["name"].Value}' (see '{help}')";

        if (FailedToConvert().Match(message) is { Success: true } convert)
        {
            var value = convert.Groups["value"].Value;
            var index = args.ToList().IndexOf(value);
            var option = index > 0 && args[index - 1].StartsWith('-') ? args[index - 1] + ": " : "";
            var wanted = convert.Groups["type"].Value switch
            {
                "Int32" or "Int64" => "a whole number",
                "Double" or "Decimal" => "a number",
                "Boolean" => "true or false",
                _ => "a valid value",
            };
            return $"{option}'{value}' is not {wanted}";
        }

        return $"{message} (see '{help}')";
    }

    /// <summary>The command named by the leading words of <paramref name="args"/>: "check", "catalog lint", or "" for none.</summary>
    public static string CommandPath(IReadOnlyList<string> args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).Take(2).ToList();
        if (words.Count == 2 && Commands.ContainsKey($"{words[0]} {words[1]}"))
            return $"{words[0]} {words[1]}";
        return words.Count > 0 && Commands.ContainsKey(words[0]) ? words[0] : "";
    }

    /// <summary>Every long and short option the command takes, as written ("--format", "-f").</summary>
    public static IReadOnlyList<string> OptionsOf(string command)
    {
        if (!Commands.TryGetValue(command, out var type))
            return ["--help", "--version"];
        return SettingsOf(type).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(o => o.LongNames.Select(n => "--" + n).Concat(o.ShortNames.Select(n => "-" + n)))
            .Append("--help")
            .ToList();
    }

    /// <summary>
    /// The settings class of a command (the T of Command&lt;T&gt;). The published binary keeps every public property of
    /// the settings classes, since the CLI assembly is a trimmer root (see Rigsmith.Cli.csproj).
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2063", Justification = "The rigsmith assembly is a trimmer root: its settings types keep their public properties.")]
    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    private static Type SettingsOf(Type command) => command.BaseType!.GetGenericArguments()[0];

    [GeneratedRegex("^Unknown option '(?<name>[^']+)'$")]
    private static partial Regex UnknownOption();

    [GeneratedRegex("^Unexpected option '(?<name>[^']+)'$")]
    private static partial Regex UnexpectedOption();

    [GeneratedRegex("^Failed to convert '(?<value>.*)' to (?<type>\\w+)$")]
    private static partial Regex FailedToConvert();
}
