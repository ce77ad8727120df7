using System.ComponentModel;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

public enum OutputFormat { Text, Json, Markdown }

/// <summary>Options every command shares.</summary>
public class CatalogSettings : CommandSettings
{
    [CommandOption("--catalog <DIR>")]
    [Description("Catalog directory (default: $RIGSMITH_CATALOG, else the catalog shipped with rigsmith).")]
    public string? Catalog { get; init; }

    [CommandOption("--models <DIR>")]
    [Description("Model zoo directory (default: $RIGSMITH_MODELS, else the one shipped with rigsmith).")]
    public string? Models { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("Output format: text, json or markdown.")]
    [DefaultValue(OutputFormat.Text)]
    public OutputFormat Format { get; init; } = OutputFormat.Text;

    public LoadResult<PartCatalog> LoadCatalog() => CatalogLoader.LoadDirectory(CatalogLocator.Locate(Catalog));

}
