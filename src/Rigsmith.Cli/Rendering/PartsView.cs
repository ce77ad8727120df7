using Rigsmith.Catalog;
using Rigsmith.Input;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>Terminal views of catalog parts.</summary>
public static class PartsView
{
    public static void WriteList(IAnsiConsole console, IReadOnlyList<Part> parts)
    {
        if (parts.Count == 0)
        {
            console.WriteLine("No parts match.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Id").AddColumn("Category").AddColumn("Vendor").AddColumn("Name").AddColumn(new TableColumn("Assumed").RightAligned());
        foreach (var p in parts)
        {
            var assumed = p.Provenance.AssumedFields.Count();
            table.AddRow(Markup.Escape(p.Id), MapReader.EnumName(p.Category), Markup.Escape(p.Vendor), Markup.Escape(p.Name),
                assumed == 0 ? "0" : $"[yellow]{assumed}[/]");
        }

        console.Write(table);
        console.WriteLine($"{parts.Count} parts. 'rigsmith part ID' shows each value with its source.");
    }

    public static void WriteDetail(IAnsiConsole console, Part part)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(part.Name)}[/] ({Markup.Escape(part.Id)}, {MapReader.EnumName(part.Category)})").LeftJustified());
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value").AddColumn("Source");
        foreach (var f in PartFields.Describe(part))
        {
            var source = f.Provenance switch
            {
                Provenance.Cited c => Markup.Escape(c.Url),
                Provenance.Assumed a => $"[yellow]assumed:[/] {Markup.Escape(a.Reason)}",
                _ => "[red]none[/]",
            };
            table.AddRow(Markup.Escape(f.Key), Markup.Escape(f.Value), source);
        }

        console.Write(table);
        foreach (var price in part.Prices)
            console.MarkupLineInterpolated($"Price: {price.Price.Amount} {price.Price.Currency} ({price.Condition}, {price.Date:yyyy-MM-dd}) — {price.Source}");
        if (part.Notes is not null)
            console.MarkupLineInterpolated($"Notes: {part.Notes}");
        console.MarkupLineInterpolated($"[grey]Defined in {part.DefinedIn}[/]");
    }
}
