using System.CommandLine;
using Rigsmith.Catalog;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;

namespace Rigsmith.Cli.Commands;

/// <summary>
/// <c>rigsmith catalog lint</c>: contradictory or missing catalog data and the assumed values rules read.
/// Exit 0 no errors (assumptions and warnings allowed), 1 contradictions or missing values, 2 the catalog does not load.
/// </summary>
public sealed class CatalogLintCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "catalog lint",
        "Report contradictory or missing catalog data (exit 1) and the assumed values rules read.",
        ["catalog lint", "catalog lint --format json"],
        () => [CliSymbols.Formats(OutputFormats.Lint)],
        result => new Settings(result),
        (io, settings) => new CatalogLintCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Validate() => OutputFormats.Lint.Validate(Format);
    }

    public int Execute(Settings settings)
    {
        // Always the strict full load, never the snapshot: linting is about every file as it is now.
        var catalog = CatalogLoader.LoadDirectory(settings.Data().CatalogDirectory);
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);

        var report = CatalogLint.Run(catalog.Value!);
        // The broad tier is compiled, not edited by hand: the lint counts its values by source and lists what the
        // importer's platform rules overrode.
        try
        {
            if (Rigsmith.Catalog.OpenDb.OpenDbTier.OpenIn(settings.Data().CatalogDirectory) is { } tier)
                report = report with { OpenDb = Rigsmith.Catalog.OpenDb.OpenDbLintReport.Run(tier) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or EndOfStreamException)
        {
            return io.Fail($"{Path.Combine(settings.Data().CatalogDirectory, "opendb", "parts.rsdb")}: {e.Message}");
        }

        OutputFormats.Lint.Get(settings.Format).Write(io, report);
        return report.ExitCode;
    }
}
