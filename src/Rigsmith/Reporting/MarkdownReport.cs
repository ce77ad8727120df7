using System.Text;
using Rigsmith.Analysis;
using Rigsmith.Publishing;

namespace Rigsmith.Reporting;

/// <summary>The report as GitHub-flavoured Markdown, for issues, forums and build logs.</summary>
public static class MarkdownReport
{
    /// <param name="cost">The rig's part list with prices, for a cost section (as the build article's); null for none.</param>
    public static string Render(Report report, string command = "rigsmith check", PartList? cost = null)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(command).Append(": ").AppendLine(report.Rig.Name).AppendLine();
        sb.Append("**Verdict: ").Append(TextFormat.Verdict(report.Verdict)).Append("** — ")
            .AppendLine(Headline.Counts(report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Info))).AppendLine();
        if (Headline.Workload(report) is { } workload)
            sb.Append("- ").AppendLine(Headline.Hardware(report)).Append("- ").AppendLine(workload).AppendLine();

        var findings = report.Findings.ToList();
        if (findings.Count > 0)
        {
            sb.AppendLine("## Findings").AppendLine();
            sb.AppendLine("| Rule | Severity | Finding | What to do |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var f in findings)
            {
                var message = f.Message + (TextFormat.RestsOnLine(f.RestsOn) is { } rests ? $" *({rests})*" : "");
                sb.Append("| ").Append(f.Rule.Id).Append(" | ").Append(TextFormat.Severity(f.Severity)).Append(" | ")
                    .Append(Cell(message)).Append(" | ").Append(Cell(f.Fix ?? "")).AppendLine(" |");
            }

            sb.AppendLine();
        }

        foreach (var analysis in report.Analyses)
        {
            sb.Append("## ").AppendLine(analysis.Title).AppendLine();
            if (analysis.Figures.Count > 0)
            {
                sb.AppendLine("| Figure | Value |").AppendLine("|---|---|");
                foreach (var (label, value) in TextFormat.FigureRows(analysis.Figures))
                    sb.Append("| ").Append(Cell(label)).Append(" | ").Append(Cell(value)).AppendLine(" |");
                sb.AppendLine();
            }

            foreach (var table in analysis.Tables)
            {
                sb.Append("### ").AppendLine(table.Title).AppendLine();
                sb.Append("| ").AppendJoin(" | ", table.Columns.Select(c => Cell(c.Header))).AppendLine(" |");
                sb.Append('|').AppendJoin("", table.Columns.Select(_ => "---|")).AppendLine();
                foreach (var row in table.Rows)
                    sb.Append("| ").AppendJoin(" | ", row.Select(v => Cell(TextFormat.Value(v)))).AppendLine(" |");
                sb.AppendLine();
            }
        }

        if (cost is not null)
            sb.Append(CostSection.Markdown(cost));

        var assumed = report.AssumedValues.ToList();
        if (assumed.Count > 0)
        {
            sb.AppendLine("## Assumed catalog values").AppendLine();
            sb.AppendLine("| Part | Field | Why assumed |").AppendLine("|---|---|---|");
            foreach (var a in assumed)
                sb.Append("| ").Append(a.PartId).Append(" | ").Append(a.Field).Append(" | ").Append(Cell(a.Detail)).AppendLine(" |");
        }

        var observed = report.ObservedValues.ToList();
        if (observed.Count > 0)
        {
            if (assumed.Count > 0)
                sb.AppendLine();
            sb.AppendLine("## Observed catalog values").AppendLine();
            sb.AppendLine("One builder's report each, not a specification.").AppendLine();
            sb.AppendLine("| Part | Field | Reported at |").AppendLine("|---|---|---|");
            foreach (var o in observed)
                sb.Append("| ").Append(o.PartId).Append(" | ").Append(o.Field).Append(" | ").Append(Cell(o.Detail)).AppendLine(" |");
        }

        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
