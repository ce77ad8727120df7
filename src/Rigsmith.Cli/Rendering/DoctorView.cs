using Rigsmith.Analysis;
using Rigsmith.Doctor;
using Rigsmith.Reporting;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>The doctor's report as text tables: findings with the observed and planned values, then the inventory.</summary>
public static class DoctorView
{
    public static void Write(IAnsiConsole console, DoctorReport report)
    {
        var output = TextLayout.For(console);
        output.Rule($"[bold]rigsmith doctor[/]: {Markup.Escape(report.Rig?.Name ?? "health check")}");
        var colour = report.Verdict switch { Verdict.Pass => "green", Verdict.PassWithWarnings => "yellow", _ => "red" };
        output.MarkupLine($"Verdict: [bold {colour}]{TextFormat.Verdict(report.Verdict)}[/] — " +
            Headline.Counts(report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Info)));
        output.WriteLine();
        if (report.Findings.Count > 0)
        {
            var table = new FittingTable("Findings", ["Rule", "Severity", "Finding", "Observed", "Planned", "What to do"], TextBorder.Rounded).Heading(2);
            foreach (var f in report.Findings)
                table.AddRow([f.Rule.Id, TextFormat.Severity(f.Severity), f.Finding.Message, f.Observed ?? "", f.Planned ?? "", f.Finding.Fix ?? ""]);
            table.Write(output);
        }

        foreach (var (title, header, rows) in DoctorTables.All(report))
        {
            if (rows.Count == 0)
                continue;
            var table = new FittingTable(title, header, TextBorder.Simple);
            foreach (var row in rows)
                table.AddRow(row);
            table.Write(output);
        }

        foreach (var note in report.Notes)
            output.Padded(StyledText.Plain("note: " + note), 0);
        output.Flush(console);
    }
}
