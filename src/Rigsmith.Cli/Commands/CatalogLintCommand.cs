using System.ComponentModel;
using Rigsmith.Catalog;
using Rigsmith.Cli.Formats;
using Rigsmith.Cli.Rendering;
using Rigsmith.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith catalog lint</c>: contradictory or missing catalog data and the assumed values rules read.
/// Exit 0 no errors (assumptions and warnings allowed), 1 contradictions or missing values, 2 the catalog does not load.
/// </summary>
public sealed class CatalogLintCommand(CliIo io) : Command<CatalogLintCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandOption("-f|--format <FORMAT>")]
        [FormatsDescription("Output format", nameof(OutputFormats.Lint))]
        [DefaultValue("text")]
        public string Format { get; init; } = "text";

        public override ValidationResult Validate() => OutputFormats.Lint.Validate(Format);

    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Always the strict full load, never the snapshot: linting is about every file as it is now.
        var catalog = CatalogLoader.LoadDirectory(settings.Data().CatalogDirectory);
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);

        var report = CatalogLint.Run(catalog.Value!);
        OutputFormats.Lint.Get(settings.Format).Write(io, report);
        return report.ExitCode;
    }
}
