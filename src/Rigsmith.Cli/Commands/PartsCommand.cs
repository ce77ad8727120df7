using System.ComponentModel;
using Rigsmith.Catalog;
using Rigsmith.Cli.Formats;
using Rigsmith.Cli.Rendering;
using Rigsmith.Input;
using Rigsmith.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith parts [QUERY] [--category C]</c>: browse the catalog.</summary>
public sealed class PartsCommand(CliIo io) : Command<PartsCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "[QUERY]")]
        [Description("Words that must all appear in the id, name or vendor.")]
        public string? Query { get; init; }

        [CommandOption("-c|--category <CATEGORY>")]
        [Description("cpu, motherboard, memory, gpu, storage, psu, chassis or adapter.")]
        public string? Category { get; init; }

        [CommandOption("-f|--format <FORMAT>")]
        [FormatsDescription("Output format", nameof(OutputFormats.Parts))]
        [DefaultValue("text")]
        public string Format { get; init; } = "text";

        public override ValidationResult Validate() => OutputFormats.Parts.Validate(Format);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);

        PartCategory? category = null;
        if (settings.Category is not null)
        {
            var names = Enum.GetValues<PartCategory>().Select(c => MapReader.EnumName(c)).ToList();
            var match = Enum.GetValues<PartCategory>().Where(c => MapReader.EnumName(c) == settings.Category.ToLowerInvariant()).ToList();
            if (match.Count == 0)
            {
                var hint = Suggestions.DidYouMean(settings.Category.ToLowerInvariant().TrimEnd('s'), names);
                return io.Fail($"--category: unknown category '{settings.Category}'; use one of {string.Join(", ", names)}" + (hint is null ? "" : $" ({hint})"));
            }

            category = match[0];
        }

        var words = (settings.Query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parts = catalog.Value!.All
            .Where(p => category is null || p.Category == category)
            .Where(p => words.All(w => $"{p.Id} {p.Name} {p.Vendor}".Contains(w, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        OutputFormats.Parts.Get(settings.Format).Write(io, parts);
        return CliIo.Pass;
    }
}
