using Rigsmith.Analysis;
using Rigsmith.Reporting;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>The report as Spectre.Console tables; colour only where the terminal supports it.</summary>
public static class TerminalReport
{
    public static void Write(IAnsiConsole console, Report report, string command = "rigsmith check")
    {
        var verdictColour = report.Verdict switch
        {
            Verdict.Pass => "green",
            Verdict.PassWithWarnings => "yellow",
            _ => "red",
        };
        console.Write(new Spectre.Console.Rule($"[bold]{Markup.Escape(command)}[/]: {Markup.Escape(report.Rig.Name)}").LeftJustified());
        console.MarkupLine($"Verdict: [bold {verdictColour}]{TextFormat.Verdict(report.Verdict)}[/] — " +
            Headline.Counts(report.Count(Analysis.Severity.Error), report.Count(Analysis.Severity.Warning), report.Count(Analysis.Severity.Info)));
        if (Headline.Workload(report) is { } workload)
        {
            // The machine and the job apart: a rig that works can carry a job that does not fit as written.
            console.MarkupLine("  " + Markup.Escape(Headline.Hardware(report)));
            console.Write(new Padder(new Text(workload), new Padding(2, 0, 0, 0)));
        }
        console.WriteLine();

        var findings = report.Findings.ToList();
        if (findings.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("Findings")
                .AddColumn("Rule").AddColumn("Severity").AddColumn("Finding").AddColumn("What to do");
            foreach (var f in findings)
            {
                var message = Markup.Escape(f.Message);
                if (f.Assumptions.Count > 0)
                    message += $"\n[yellow]rests on assumed values:[/] {Markup.Escape(string.Join(", ", f.Assumptions.Select(a => $"{a.PartId}.{a.Field}")))}";
                table.AddRow(f.Rule.Id, SeverityMarkup(f.Severity), message, Markup.Escape(f.Fix ?? ""));
            }

            console.Write(table);
        }

        foreach (var analysis in report.Analyses)
        {
            if (analysis.Figures.Count > 0)
            {
                var figures = new Table().Border(TableBorder.Simple).Title(Markup.Escape(analysis.Title)).AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned());
                foreach (var figure in analysis.Figures)
                    figures.AddRow(Markup.Escape(figure.Label), Markup.Escape(TextFormat.Value(figure.Value, figure.Unit)));
                console.Write(figures);
            }

            foreach (var t in analysis.Tables)
            {
                var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(t.Title));
                foreach (var column in t.Columns)
                    table.AddColumn(Markup.Escape(column.Header));
                foreach (var row in t.Rows)
                    table.AddRow(row.Select(v => Markup.Escape(TextFormat.Value(v))).ToArray());
                console.Write(table);
            }
        }

        var assumed = report.AssumedValues.Count();
        if (assumed > 0)
            console.MarkupLine($"[grey]{assumed} catalog values of this rig's parts are assumed, not cited; '--format markdown' lists them, 'rigsmith part ID' shows why.[/]");
    }

    private static string SeverityMarkup(Severity severity) => severity switch
    {
        Analysis.Severity.Error => "[red]error[/]",
        Analysis.Severity.Warning => "[yellow]warning[/]",
        _ => "[blue]info[/]",
    };
}
