using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Publishing;
using Rigsmith.Reporting;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>The report as text tables (<see cref="TextLayout"/>); colour only where the terminal supports it.</summary>
public static class TerminalReport
{
    /// <param name="cost">The rig's part list with prices, for a cost table after the analyses; null for none.</param>
    public static void Write(IAnsiConsole console, Report report, string command = "rigsmith check", PartList? cost = null)
    {
        var output = TextLayout.For(console);
        Write(output, report, command, cost);
        output.Flush(console);
    }

    /// <summary>The cost table: each thing bought with its price observation, then the totals and what they rest on.</summary>
    internal static void WriteCost(TextLayout console, PartList cost)
    {
        var table = new FittingTable(CostSection.Heading, ["Part", "Price"], TextBorder.Simple);
        foreach (var e in cost.Entries)
            table.AddRow([e.Item, CostSection.PriceCell(e)]);
        table.Write(console);
        console.WriteLine(CostSection.Summary(cost));
        console.WriteLine();
    }

    internal static void Write(TextLayout console, Report report, string command, PartList? cost = null)
    {
        var verdictColour = report.Verdict switch
        {
            Verdict.Pass => "green",
            Verdict.PassWithWarnings => "yellow",
            _ => "red",
        };
        console.Rule($"[bold]{Markup.Escape(command)}[/]: {Markup.Escape(report.Rig.Name)}");
        console.MarkupLine($"Verdict: [bold {verdictColour}]{TextFormat.Verdict(report.Verdict)}[/] — " +
            Headline.Counts(report.Count(Analysis.Severity.Error), report.Count(Analysis.Severity.Warning), report.Count(Analysis.Severity.Info)));
        if (Headline.Workload(report) is { } workload)
        {
            // The machine and the job apart: a rig that works can carry a job that does not fit as written.
            console.Padded(StyledText.Plain(Headline.Hardware(report)), 2);
            console.Padded(StyledText.Plain(workload), 2);
        }
        console.WriteLine();

        var findings = report.Findings.ToList();
        if (findings.Count > 0)
        {
            var table = new FittingTable("Findings", ["Rule", "Severity", "Finding", "What to do"], TextBorder.Rounded, findings.Count).Heading(2);
            // The message and its "rests on" lines built in one builder, not line by line and joined.
            var text = new System.Text.StringBuilder();
            foreach (var f in findings)
            {
                var rests = TextFormat.RestsOn(f.RestsOn);
                var message = f.Message;
                var markup = Markup.Escape(f.Message);
                if (rests.Count > 0)
                {
                    text.Clear().Append(message);
                    foreach (var r in rests)
                        text.Append('\n').Append(r.Label).Append(": ").Append(r.Values);
                    message = text.ToString();
                    text.Clear().Append(markup);
                    foreach (var r in rests)
                    {
                        text.Append("\n[").Append(r.Kind == UncitedKind.Assumed ? "yellow" : "blue").Append(']').Append(r.Label).Append(":[/] ")
                            .Append(Markup.Escape(r.Values));
                    }

                    markup = text.ToString();
                }

                table.AddRow([f.Rule.Id, TextFormat.Severity(f.Severity), message, f.Fix ?? ""],
                    [f.Rule.Id, SeverityMarkup(f.Severity), markup, Markup.Escape(f.Fix ?? "")]);
            }

            table.Write(console);
        }

        foreach (var analysis in report.Analyses)
        {
            if (analysis.Figures.Count > 0)
            {
                var rows = TextFormat.FigureRows(analysis.Figures);
                var figures = new FittingTable(analysis.Title, ["Figure", "Value"], TextBorder.Simple, rows.Count).RightAlign(1);
                foreach (var (label, value) in rows)
                    figures.AddRow([label, value]);
                figures.Write(console);
            }

            foreach (var t in analysis.Tables)
            {
                // Arrays of the known size: the native binary's size-optimised LINQ makes Select(...).ToList() grow its list.
                var headers = new string[t.Columns.Count];
                for (var i = 0; i < headers.Length; i++)
                    headers[i] = t.Columns[i].Header;
                var table = new FittingTable(t.Title, headers, TextBorder.Simple, t.Rows.Count);
                foreach (var row in t.Rows)
                {
                    var cells = new string[row.Count];
                    for (var i = 0; i < cells.Length; i++)
                        cells[i] = TextFormat.Value(row[i]);
                    table.AddRow(cells);
                }

                table.Write(console);
            }
        }

        if (cost is not null)
            WriteCost(console, cost);

        // One pass over the parts' uncited values, which are made afresh on each enumeration, for both counts.
        int assumed = 0, observed = 0;
        foreach (var value in report.UncitedValues)
        {
            if (value.IsAssumed)
                assumed++;
            else if (value.Kind == UncitedKind.Observed)
                observed++;
        }

        if (TextFormat.UncitedCount(assumed, observed) is { } uncited)
            console.MarkupLine($"[grey]{uncited}; '--format markdown' lists them, 'rigsmith part ID' shows why.[/]");
    }

    private static string SeverityMarkup(Severity severity) => severity switch
    {
        Analysis.Severity.Error => "[red]error[/]",
        Analysis.Severity.Warning => "[yellow]warning[/]",
        _ => "[blue]info[/]",
    };
}
