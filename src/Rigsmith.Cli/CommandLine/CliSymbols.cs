using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Rigsmith.Cli.Formats;

namespace Rigsmith.Cli.CommandLine;

/// <summary>
/// The arguments and options several commands take, made the same way everywhere. An option's help name is what help
/// shows in angle brackets (<c>--format &lt;FORMAT&gt;</c>); descriptions end with a full stop, which help drops.
/// </summary>
public static class CliSymbols
{
    public const string Help = "--help";
    public const string Version = "--version";
    public const string Catalog = "--catalog";
    public const string Models = "--models";
    public const string Format = "--format";

    /// <summary>The argument name of a rig file.</summary>
    public const string Rig = "RIG";

    /// <summary>What help and the examples call standard input; a lone <c>-</c> in an argument's place reads it.</summary>
    public const string StandardInputArgument = "-";

    public static Option<bool> HelpOption() => new(Help, "-h") { Description = "Prints help information" };

    public static Option<bool> VersionOption() => new(Version, "-v") { Description = "Prints version information" };

    /// <summary>The options every command shares, in the order help lists them.</summary>
    public static IEnumerable<Option> Common() =>
    [
        HelpOption(),
        Text(Catalog, "DIR", "Catalog directory (default: $RIGSMITH_CATALOG, else the catalog shipped with rigsmith)."),
        Text(Models, "DIR", "Model zoo directory (default: $RIGSMITH_MODELS, else the one shipped with rigsmith)."),
    ];

    public const string PricesOption = "--prices";

    /// <summary><c>--prices FILE</c>: the user's price book (docs/prices.md), read before the catalog's prices.</summary>
    public static Option<string> Prices() =>
        Text(PricesOption, "FILE", "Your price book (YAML, docs/prices.md): its prices win over the catalog's, and its dated rates convert totals.");

    /// <summary>A required argument, or an optional one (help shows it as <c>[NAME]</c>).</summary>
    public static Argument<string> Argument(string name, string description, bool required = true) => new(name)
    {
        Description = description,
        Arity = required ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
    };

    /// <summary>The rig file argument.</summary>
    public static Argument<string> RigArgument(string description = "The rig file (YAML); - reads it from standard input.", bool required = true) =>
        Argument(Rig, description, required);

    /// <summary>An option with a text value; <paramref name="defaultValue"/> is what help shows under DEFAULT.</summary>
    public static Option<string> Text(string name, string helpName, string? description, string? defaultValue = null, string? shortName = null)
    {
        var option = shortName is null ? new Option<string>(name) : new Option<string>(name, shortName);
        option.HelpName = helpName;
        option.Description = description;
        if (defaultValue is not null)
            option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>An option choosing one of a registry's formats: "Output format: text, json or markdown."</summary>
    public static Option<string> Formats(IFormatList formats, string name = Format, string shortName = "-f", string lead = "Output format", string defaultValue = "text") =>
        Text(name, "FORMAT", lead.Length == 0 ? $"{formats.Accepted}." : $"{lead}: {formats.Accepted}.", defaultValue, shortName);

    /// <summary>A flag: present or not (<c>--search</c>); <c>--search false</c> turns it off.</summary>
    public static Option<bool> Flag(string name, string? description = null) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return true;
            if (bool.TryParse(result.Tokens[0].Value, out var value))
                return value;
            result.AddError($"{name}: '{result.Tokens[0].Value}' is not true or false");
            return false;
        },
    };

    /// <summary>A whole-number option; a value that is not one is refused in the user's words, naming the option.</summary>
    public static Option<int> WholeNumber(string name, string helpName, string description, int defaultValue) => new(name)
    {
        HelpName = helpName,
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            result.AddError($"{name}: '{text}' is not a whole number");
            return defaultValue;
        },
    };

    /// <summary>A flag's value when it was given, null when it was not (so the rig file's setting stands).</summary>
    public static bool? GivenFlag(this ParseResult result, string name) =>
        result.GetResult(name) is OptionResult { Implicit: false } ? result.GetValue<bool>(name) : null;
}
