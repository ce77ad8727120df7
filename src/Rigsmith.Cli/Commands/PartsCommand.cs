using System.CommandLine;
using Rigsmith.Catalog;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;
using Rigsmith.Input;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith parts [QUERY] [--category C]</c>: browse the catalog.</summary>
public sealed class PartsCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "parts",
        "List catalog parts, optionally filtered by a query and a category.",
        ["parts 3090 --category gpu", "parts 3090 blower", "parts x299 dark"],
        () =>
        [
            new Argument<string[]>("QUERY") { Description = "Words that must all appear in the id, name, vendor or part numbers (best matches first).", Arity = ArgumentArity.ZeroOrMore },
            CliSymbols.Text("--category", "CATEGORY", "cpu, motherboard, memory, gpu, storage, psu, chassis or adapter.", shortName: "-c"),
            CliSymbols.Flag("--about", "Say where the catalog's parts come from: the curated files, the OpenDB tier's snapshot and its licence."),
            CliSymbols.Formats(OutputFormats.Parts),
            CliSymbols.Prices(),
        ],
        result => new Settings(result),
        (io, settings) => new PartsCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string? Query { get; } = result.GetValue<string[]>("QUERY") is { Length: > 0 } words ? string.Join(' ', words) : null;

        public string? Category { get; } = result.GetValue<string>("--category");

        public bool About { get; } = result.GetValue<bool>("--about");

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Prices { get; } = result.GetValue<string>(CliSymbols.PricesOption);

        public override string? Validate() => OutputFormats.Parts.Validate(Format);
    }

    public int Execute(Settings settings)
    {
        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);

        if (settings.About)
            return About(catalog.Value!, settings.Data().CatalogDirectory);

        PartCategory? category = null;
        if (settings.Category is not null)
        {
            (category, var problem) = PartSearch.CategoryNamed(settings.Category);
            if (problem is not null)
                return io.Fail("--category: " + problem);
        }

        var parts = PartSearch.Matching(catalog.Value!, settings.Query, category);

        OutputFormats.Parts.Get(settings.Format).Write(io, parts);
        if (catalog.Value!.BroadProblem is { } broken)
            io.Error.WriteLine("warning: " + broken);
        return CliIo.Pass;
    }

    private int About(PartCatalog catalog, string directory)
    {
        var curated = catalog.Entries.Count(e => e.Curated);
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{curated} curated parts: {directory}/*.yaml, every value cited, observed or assumed with its reason (docs/catalog.md).");
        if (catalog.BroadTier is { } tier)
        {
            text.AppendLine($"{catalog.Entries.Count - curated} parts from the BuildCores OpenDB tier ({tier.Path}), converted from commit {tier.Commit} by 'rigsmith catalog import-opendb'; {tier.Count - (catalog.Entries.Count - curated)} of its parts are curated parts too, which win.");
            text.AppendLine(Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Attribution);
            text.AppendLine($"Licence: {Path.Combine(Path.GetDirectoryName(tier.Path)!, "LICENSE.txt")}; the database: {Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Repository}.");
        }
        else
        {
            text.AppendLine("No OpenDB tier in this catalog (catalog/opendb/parts.rsdb); 'rigsmith catalog import-opendb' makes one.");
        }

        io.WriteRaw(text.ToString());
        return CliIo.Pass;
    }
}
