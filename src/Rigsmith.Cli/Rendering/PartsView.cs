using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>Terminal views of catalog parts.</summary>
public static class PartsView
{
    public static void WriteList(IAnsiConsole console, IReadOnlyList<Part> parts)
    {
        var output = TextLayout.For(console);
        WriteList(output, parts);
        output.Flush(console);
    }

    public static void WriteDetail(IAnsiConsole console, Part part)
    {
        var output = TextLayout.For(console);
        WriteDetail(output, part);
        output.Flush(console);
    }

    private static void WriteList(TextLayout console, IReadOnlyList<Part> parts)
    {
        if (parts.Count == 0)
        {
            console.WriteLine("No parts match.");
            return;
        }

        var table = new FittingTable("", ["Id", "Category", "Vendor", "Name", "Assumed", "Price"], TextBorder.Rounded).RightAlign(4);
        foreach (var p in parts)
        {
            var assumed = p.Provenance.AssumedFields.Count().ToString(CultureInfo.InvariantCulture);
            var price = Rigsmith.Publishing.PartList.NewestPrice(p) is { } newest ? Rigsmith.Publishing.MoneyText.Describe(newest) : "no price";
            string[] plain = [p.Id, MapReader.EnumName(p.Category), p.Vendor, p.Name, assumed, price];
            table.AddRow(plain, [.. plain.Take(4).Select(Markup.Escape), assumed == "0" ? "0" : $"[yellow]{assumed}[/]", Markup.Escape(price)]);
        }

        table.Write(console);
        console.WriteLine($"{parts.Count} parts. 'rigsmith part ID' shows each value with its source.");
        if (parts.Any(p => p.Provenance.Fallback is Provenance.OpenDb))
            console.MarkupLineInterpolated($"[grey]{Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Attribution}[/]");
    }

    private static void WriteDetail(TextLayout console, Part part)
    {
        console.Rule($"[bold]{Markup.Escape(part.Name)}[/] ({Markup.Escape(part.Id)}, {MapReader.EnumName(part.Category)})");
        var table = new FittingTable("", ["Field", "Value", "Source"], TextBorder.Rounded);
        foreach (var f in PartFields.Describe(part))
        {
            var (plain, markup) = f.Provenance switch
            {
                Provenance.Cited c => (c.Url, Markup.Escape(c.Url)),
                Provenance.Observed o => ($"observed: {o.Url}", $"[yellow]observed:[/] {Markup.Escape(o.Url)}"),
                Provenance.OpenDb d => ($"opendb: {d.Reference}", $"[blue]opendb:[/] {Markup.Escape(d.Reference)}"),
                Provenance.Inherited i => ($"inherited: {i.Url}", $"[red]inherited:[/] {Markup.Escape(i.Url)}"),
                Provenance.Assumed a => ($"assumed: {a.Reason}", $"[yellow]assumed:[/] {Markup.Escape(a.Reason)}"),
                _ => ("none", "[red]none[/]"),
            };
            table.AddRow([f.Key, f.Value, plain], [Markup.Escape(f.Key), Markup.Escape(f.Value), markup]);
        }

        table.Write(console);
        if (part.Provenance.Default is { } page)
            console.MarkupLineInterpolated($"Page: {page.Url} [grey](the part's page; a value counts as cited only with its own source)[/]");
        if (part.Prices.Count == 0)
            console.WriteLine("Price: no price observed (totals leave the part out; never 0).");
        var used = Rigsmith.Publishing.PartList.NewestPrice(part);
        foreach (var price in part.Prices)
        {
            var label = price.Own ? "Price (your price book)" : "Price";
            var chosen = part.Prices.Count > 1 && ReferenceEquals(price, used) ? " [grey](the newest: part lists use it)[/]" : "";
            console.MarkupLine($"{label}: {Markup.Escape(Rigsmith.Publishing.MoneyText.Format(price.Price))} {Rigsmith.Input.MapReader.EnumName(price.Condition)}, observed {Rigsmith.Publishing.MoneyText.Date(price.Date)} — {Markup.Escape(price.Source)}{chosen}");
        }
        if (part.Notes is not null)
            console.MarkupLineInterpolated($"Notes: {part.Notes}");
        if (part.Provenance.Fallback is Provenance.OpenDb record)
        {
            console.MarkupLineInterpolated($"OpenDB record: {record.Url}");
            console.MarkupLineInterpolated($"[grey]{Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Attribution}[/]");
        }
        console.MarkupLineInterpolated($"[grey]Defined in {part.DefinedIn}[/]");
    }
}
