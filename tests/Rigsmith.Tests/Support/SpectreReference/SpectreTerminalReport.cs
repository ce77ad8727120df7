// The Spectre.Console rendering the terminal views had before rigsmith laid out its own text: the reference that
// TextLayoutEquivalenceTests compares the production views against, byte for byte.
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Reporting;
using Spectre.Console;

namespace Rigsmith.Tests.Support.SpectreReference;

/// <summary>The report as Spectre.Console tables; colour only where the terminal supports it.</summary>
public static class SpectreTerminalReport
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
            Headline.Counts(report.Count(Rigsmith.Analysis.Severity.Error), report.Count(Rigsmith.Analysis.Severity.Warning), report.Count(Rigsmith.Analysis.Severity.Info)));
        if (Headline.Workload(report) is { } workload)
        {
            // The machine and the job apart: a rig that works can carry a job that does not fit as written.
            console.Write(new Padder(new Text(Headline.Hardware(report)), new Padding(2, 0, 0, 0)));
            console.Write(new Padder(new Text(workload), new Padding(2, 0, 0, 0)));
        }
        console.WriteLine();

        var findings = report.Findings.ToList();
        if (findings.Count > 0)
        {
            var table = new SpectreFittingTable("Findings", ["Rule", "Severity", "Finding", "What to do"], TableBorder.Rounded).Heading(2);
            foreach (var f in findings)
            {
                var rests = TextFormat.RestsOn(f.RestsOn);
                var message = f.Message + string.Concat(rests.Select(r => $"\n{r.Label}: {r.Values}"));
                var markup = Markup.Escape(f.Message) + string.Concat(rests.Select(r =>
                    $"\n[{(r.Kind == UncitedKind.Assumed ? "yellow" : "blue")}]{r.Label}:[/] {Markup.Escape(r.Values)}"));
                table.AddRow([f.Rule.Id, TextFormat.Severity(f.Severity), message, f.Fix ?? ""],
                    [f.Rule.Id, SeverityMarkup(f.Severity), markup, Markup.Escape(f.Fix ?? "")]);
            }

            table.Write(console);
        }

        foreach (var analysis in report.Analyses)
        {
            if (analysis.Figures.Count > 0)
            {
                var figures = new SpectreFittingTable(analysis.Title, ["Figure", "Value"], TableBorder.Simple).RightAlign(1);
                foreach (var (label, value) in TextFormat.FigureRows(analysis.Figures))
                    figures.AddRow([label, value]);
                figures.Write(console);
            }

            foreach (var t in analysis.Tables)
            {
                var table = new SpectreFittingTable(t.Title, t.Columns.Select(c => c.Header).ToList(), TableBorder.Simple);
                foreach (var row in t.Rows)
                    table.AddRow(row.Select(v => TextFormat.Value(v)).ToList());
                table.Write(console);
            }
        }

        if (TextFormat.UncitedCount(report.AssumedValues.Count(), report.ObservedValues.Count()) is { } uncited)
            console.MarkupLine($"[grey]{uncited}; '--format markdown' lists them, 'rigsmith part ID' shows why.[/]");
    }

    private static string SeverityMarkup(Severity severity) => severity switch
    {
        Rigsmith.Analysis.Severity.Error => "[red]error[/]",
        Rigsmith.Analysis.Severity.Warning => "[yellow]warning[/]",
        _ => "[blue]info[/]",
    };
}
