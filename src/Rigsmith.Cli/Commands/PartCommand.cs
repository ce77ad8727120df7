using System.ComponentModel;
using Rigsmith.Cli.Formats;
using Rigsmith.Cli.Rendering;
using Rigsmith.Input;
using Rigsmith.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rigsmith.Cli.Commands;

/// <summary><c>rigsmith part ID</c>: one part, every value with its source.</summary>
public sealed class PartCommand(CliIo io) : Command<PartCommand.Settings>
{
    public sealed class Settings : CatalogSettings
    {
        [CommandArgument(0, "<ID>")]
        [Description("The part's catalog id.")]
        public string Id { get; init; } = "";

        [CommandOption("-f|--format <FORMAT>")]
        [FormatsDescription("Output format", nameof(OutputFormats.Part))]
        [DefaultValue("text")]
        public string Format { get; init; } = "text";

        public override ValidationResult Validate() => OutputFormats.Part.Validate(Format);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = settings.LoadCatalog();
        if (!catalog.Ok)
            return io.Fail(catalog.Problems);
        var part = catalog.Value!.Find(settings.Id);
        if (part is null)
        {
            var hint = Suggestions.DidYouMean(settings.Id, catalog.Value.Ids);
            return io.Fail($"unknown part '{settings.Id}'" + (hint is null ? "; 'rigsmith parts' lists them" : $"; {hint}"));
        }

        OutputFormats.Part.Get(settings.Format).Write(io, part);
        return CliIo.Pass;
    }
}
