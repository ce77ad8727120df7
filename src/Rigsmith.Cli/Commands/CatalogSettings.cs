using System.CommandLine;
using Rigsmith.Catalog;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Input;
using Rigsmith.Planning;

namespace Rigsmith.Cli.Commands;

/// <summary>Options every command shares, read from the parsed command line.</summary>
public abstract class CatalogSettings(ParseResult result)
{
    public string? Catalog { get; } = result.GetValue<string>(CliSymbols.Catalog);

    public string? Models { get; } = result.GetValue<string>(CliSymbols.Models);

    /// <summary>A problem with the settings as a whole (a format the command does not write), or null.</summary>
    public virtual string? Validate() => null;

    /// <summary>The user's price book (<c>--prices FILE</c>) on the commands that take one, else null.</summary>
    public virtual string? Prices => null;

    /// <summary><c>--catalog</c> and <c>--models</c> as given, for a binary this command starts that takes them too.</summary>
    public List<string> DataArguments()
    {
        var arguments = new List<string>(4);
        if (Catalog is { } catalog)
            arguments.AddRange(["--catalog", catalog]);
        if (Models is { } models)
            arguments.AddRange(["--models", models]);
        return arguments;
    }

    private DataSources? _data;

    /// <summary>The catalog (with the price book's prices first) and model zoo these options point at.</summary>
    public DataSources Data() => _data ??= new(Catalog, Models, pricesFile: Prices);

    public LoadResult<PartCatalog> LoadCatalog() => Data().Catalog;

    /// <summary>What problems and reports call standard input.</summary>
    public const string StandardInput = "<stdin>";

    /// <summary>Whether an argument in a file's place means standard input: a lone <c>-</c>.</summary>
    public static bool IsStandardInput(string argument) => argument == CliSymbols.StandardInputArgument;

    /// <summary>The rig argument as a source: <c>-</c> reads standard input.</summary>
    public static RigSource RigSourceOf(string argument, CliIo io) =>
        IsStandardInput(argument) ? RigSource.Stream(io.In, StandardInput) : RigSource.File(argument);
}
