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
            CliSymbols.Formats(OutputFormats.Parts),
            CliSymbols.Prices(),
        ],
        result => new Settings(result),
        (io, settings) => new PartsCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string? Query { get; } = result.GetValue<string[]>("QUERY") is { Length: > 0 } words ? string.Join(' ', words) : null;

        public string? Category { get; } = result.GetValue<string>("--category");

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Prices { get; } = result.GetValue<string>(CliSymbols.PricesOption);

        public override string? Validate() => OutputFormats.Parts.Validate(Format);
    }

    public int Execute(Settings settings)
    {
        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);

        PartCategory? category = null;
        if (settings.Category is not null)
        {
            (category, var problem) = PartSearch.CategoryNamed(settings.Category);
            if (problem is not null)
                return io.Fail("--category: " + problem);
        }

        var parts = PartSearch.Matching(catalog.Value!, settings.Query, category);

        OutputFormats.Parts.Get(settings.Format).Write(io, parts);
        return CliIo.Pass;
    }
}
