using System.CommandLine;
using Rigsmith.Cli.CommandLine;
using Rigsmith.Cli.Formats;
using Rigsmith.Input;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith part ID</c>: one part, every value with its source.</summary>
public sealed class PartCommand(CliIo io)
{
    public static readonly CliCommand Definition = CliCommand.Leaf(
        "part",
        "Show one catalog part with the source of each value.",
        ["part i9-7960x"],
        () => [CliSymbols.Argument("ID", "The part's catalog id."), CliSymbols.Formats(OutputFormats.Part), CliSymbols.Prices()],
        result => new Settings(result),
        (io, settings) => new PartCommand(io).Execute(settings));

    public sealed class Settings(ParseResult result) : CatalogSettings(result)
    {
        public string Id { get; } = result.GetRequiredValue<string>("ID");

        public string Format { get; } = result.GetRequiredValue<string>(CliSymbols.Format);

        public override string? Prices { get; } = result.GetValue<string>(CliSymbols.PricesOption);

        public override string? Validate() => OutputFormats.Part.Validate(Format);
    }

    public int Execute(Settings settings)
    {
        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);
        var part = catalog.Value!.Find(settings.Id);
        if (part is null)
        {
            var hint = Suggestions.DidYouMean(settings.Id, catalog.Value.Ids);
            var broken = catalog.Value.BroadProblem is { } problem ? $" ({problem})" : "";
            return io.Fail($"unknown part '{settings.Id}'{broken}" + (hint is null ? "; 'rigsmith parts' lists them" : $"; {hint}"));
        }

        OutputFormats.Part.Get(settings.Format).Write(io, part);
        // A curated part that is also in the OpenDB: say so on stderr, where it does not change the format's output.
        if (catalog.Value.IsCurated(part.Id) && catalog.Value.TwinOf(part.Id) is { } twin)
            io.Error.WriteLine($"Also in the BuildCores OpenDB as '{twin.Id}' ({Rigsmith.Catalog.OpenDb.OpenDbSnapshot.RecordUrl(twin.Reference)}); the curated values above win. 'rigsmith part {twin.Id}' shows the OpenDB's.");
        return CliIo.Pass;
    }
}
