using System.ComponentModel;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary>Options every command shares.</summary>
public class CatalogSettings : CommandSettings
{
    [CommandOption("--catalog <DIR>")]
    [Description("Catalog directory (default: $RIGSMITH_CATALOG, else the catalog shipped with rigsmith).")]
    public string? Catalog { get; init; }

    [CommandOption("--models <DIR>")]
    [Description("Model zoo directory (default: $RIGSMITH_MODELS, else the one shipped with rigsmith).")]
    public string? Models { get; init; }

    /// <summary>The catalog and model zoo these options point at.</summary>
    public DataSources Data() => new(Catalog, Models);

    public LoadResult<PartCatalog> LoadCatalog() => Data().Catalog;

    /// <summary>
    /// What a lone <c>-</c> argument becomes before the parser sees it (Spectre.Console.Cli reads <c>-</c> as an option
    /// without a name); no rig file is called this.
    /// </summary>
    public const string StandardInput = "<stdin>";

    /// <summary>The rig argument as a source: <c>-</c> reads standard input.</summary>
    public static RigSource RigSourceOf(string argument, CliIo io) => argument == StandardInput ? RigSource.Stream(io.In, StandardInput) : RigSource.File(argument);
}
