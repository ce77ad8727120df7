using Rigsmith.Catalog;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>Terminal view of <c>rigsmith catalog lint</c>: counts per category, the problems, then each part's assumed values.</summary>
public static class CatalogLintView
{
    public static void Write(IAnsiConsole console, CatalogLintReport report)
    {
        var output = TextLayout.For(console);
        Write(output, report);
        output.Flush(console);
    }

    private static void Write(TextLayout console, CatalogLintReport report)
    {
        var table = new TextTable(TextBorder.Rounded).AddColumn(StyledText.FromMarkup("Category"));
        foreach (var column in new[] { "Parts", "Values", "Cited", "Observed", "Assumed", "Inherited", "Errors", "Warnings" })
            table.AddColumn(StyledText.FromMarkup(column), rightAligned: true);
        foreach (var c in report.Categories)
        {
            table.AddRow(Cells(CatalogLint.CategoryName(c.Category), c.Parts.ToString(), c.Values.ToString(), c.Cited.ToString(), c.Observed.ToString(),
                c.Assumed == 0 ? "0" : $"[yellow]{c.Assumed}[/]", c.Inherited == 0 ? "0" : $"[red]{c.Inherited}[/]", c.Errors == 0 ? "0" : $"[red]{c.Errors}[/]", c.Warnings == 0 ? "0" : $"[yellow]{c.Warnings}[/]"));
        }

        table.AddRow(Cells("[bold]total[/]", report.Categories.Sum(c => c.Parts).ToString(), report.Categories.Sum(c => c.Values).ToString(),
            report.Categories.Sum(c => c.Cited).ToString(), report.Categories.Sum(c => c.Observed).ToString(), report.Categories.Sum(c => c.Assumed).ToString(),
            report.Categories.Sum(c => c.Inherited).ToString(), report.Errors.ToString(), report.Warnings.ToString()));
        console.Table(table);
        if (report.OpenDb is { } openDb)
            WriteOpenDb(console, openDb);

        var problems = report.Problems.OrderByDescending(p => p.Rule.Severity).ToList();
        if (problems.Count > 0)
        {
            console.WriteLine();
            console.Rule("[bold]Problems[/]");
            foreach (var p in problems)
            {
                var severity = p.Rule.Severity == LintSeverity.Error ? "[red]error[/]" : "[yellow]warning[/]";
                console.MarkupLine($"{severity} {p.Rule.Id} {Markup.Escape(p.Part.DefinedIn)}: {Markup.Escape(p.Part.Id)}.{Markup.Escape(p.Field)}: {Markup.Escape(p.Message)}");
            }
        }

        var assumed = report.Parts.Where(p => p.Assumed.Count > 0).ToList();
        if (assumed.Count > 0)
        {
            console.WriteLine();
            console.Rule("[bold]Assumed values that rules read[/]");
            foreach (var part in assumed)
            {
                console.MarkupLine($"[bold]{Markup.Escape(part.Part.Id)}[/] [grey]({Markup.Escape(part.Part.DefinedIn)})[/]");
                foreach (var a in part.Assumed)
                    console.MarkupLine($"  {Markup.Escape(a.Field)} = {Markup.Escape(a.Value)}: [yellow]assumed:[/] {Markup.Escape(a.Reason)}");
            }
        }

        console.WriteLine();
        var verdict = report.Errors > 0
            ? $"[red]FAIL[/]: {report.Errors} error(s), {report.Warnings} warning(s)"
            : report.Warnings > 0 ? $"[yellow]PASS with warnings[/]: {report.Warnings} warning(s)" : "[green]PASS[/]";
        console.MarkupLine($"{verdict}; {assumed.Sum(p => p.Assumed.Count)} assumed value(s) that rules read, in {assumed.Count} part(s).");
    }

    private static object[] Cells(params string[] markup) => Array.ConvertAll<string, object>(markup, StyledText.FromMarkup);

    private static void WriteOpenDb(TextLayout console, Rigsmith.Catalog.OpenDb.OpenDbLintReport openDb)
    {
        console.WriteLine();
        console.Rule("[bold]OpenDB tier[/]");
        var values = string.Join(", ", openDb.ValuesByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Value} {k.Key}"));
        console.WriteLine($"{openDb.Parts} parts; values: {values}.");
        foreach (var v in openDb.Unsourced.Take(20))
            console.MarkupLine($"[red]error[/] {Markup.Escape(v)}: no source (OpenDB, cited or assumed)");
        foreach (var r in openDb.Rules)
        {
            console.WriteLine($"Overridden {r.Count} times: {r.Description} ({r.Rule}); e.g. "
                + string.Join("; ", r.Examples.Select(c => $"{c.PartId} {c.Field}: OpenDB {c.Given}, used {c.Used}")));
        }

        console.WriteLine($"Left out: {openDb.Skipped.Sum(s => s.Count)} records ("
            + string.Join("; ", openDb.Skipped.OrderByDescending(s => s.Count).Take(5).Select(s => $"{s.Count} {CatalogLint.CategoryName(s.Category)}: {s.Reason}")) + (openDb.Skipped.Count > 5 ? "; ..." : "") + ").");
        console.MarkupLine($"[grey]{Markup.Escape(Rigsmith.Catalog.OpenDb.OpenDbSnapshot.Attribution)}[/]");
    }
}
