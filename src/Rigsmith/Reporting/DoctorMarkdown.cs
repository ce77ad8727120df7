using System.Globalization;
using System.Text;
using Rigsmith.Analysis;
using Rigsmith.Doctor;

namespace Rigsmith.Reporting;

/// <summary>The doctor's report as Markdown, for an issue or a forum post about the machine.</summary>
public static class DoctorMarkdown
{
    public static string Render(DoctorReport report)
    {
        var sb = new StringBuilder();
        sb.Append("# rigsmith doctor: ").AppendLine(report.Rig is { } rig ? rig.Name : "health check").AppendLine();
        sb.Append("**Verdict: ").Append(TextFormat.Verdict(report.Verdict)).Append("** — ")
            .AppendLine(Headline.Counts(report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Info))).AppendLine();
        if (report.Findings.Count > 0)
        {
            sb.AppendLine("## Findings").AppendLine();
            sb.AppendLine("| Rule | Severity | Finding | Observed | Planned | What to do |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var f in report.Findings)
            {
                sb.Append("| ").Append(f.Rule.Id).Append(" | ").Append(TextFormat.Severity(f.Severity)).Append(" | ").Append(Cell(f.Finding.Message))
                    .Append(" | ").Append(Cell(f.Observed ?? "")).Append(" | ").Append(Cell(f.Planned ?? "")).Append(" | ").Append(Cell(f.Finding.Fix ?? "")).AppendLine(" |");
            }

            sb.AppendLine();
        }

        foreach (var (title, header, rows) in DoctorTables.All(report))
        {
            if (rows.Count == 0)
                continue;
            sb.Append("## ").AppendLine(title).AppendLine();
            sb.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
            sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", header.Count))).AppendLine();
            foreach (var row in rows)
                sb.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
            sb.AppendLine();
        }

        if (report.Notes.Count > 0)
        {
            sb.AppendLine("## Notes").AppendLine();
            foreach (var note in report.Notes)
                sb.Append("- ").AppendLine(note);
        }

        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}

/// <summary>The inventory as rows of text, shared by the terminal and Markdown renderers.</summary>
public static class DoctorTables
{
    public static IEnumerable<(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)> All(DoctorReport report)
    {
        var machine = report.Machine;
        yield return ("GPUs", ["#", "Bus id", "Name", "Load", "Link now", "Link max", "Power limit", "Temp", "Fan", "Throttle"],
            machine.Gpus.Select(g => (IReadOnlyList<string>)[
                g.Index?.ToString(CultureInfo.InvariantCulture) ?? "", g.BusId ?? "", g.Name ?? "", DoctorJson.LoadName(g.Load),
                Doctor.Rules.HealthChecks.Link(g.Link.CurrentGen, g.Link.CurrentWidth), Doctor.Rules.HealthChecks.Link(g.Link.MaxGen, g.Link.MaxWidth),
                g.PowerLimit?.ToString() ?? "", g.Temperature?.ToString() ?? "", g.FanSpeed?.ToString() ?? "",
                string.Join(", ", g.ThrottleReasons.Where(r => r != "gpu_idle"))]).ToList());
        yield return ("Drives", ["Device", "Model", "SMART", "Temp", "Used", "CRC errors", "Link"],
            machine.Drives.Select(d => (IReadOnlyList<string>)[
                d.Device, d.Model ?? "", d.SmartPassed switch { true => "passed", false => "FAILED", _ => "" }, d.Temperature?.ToString() ?? "",
                d.PercentUsed?.ToString() ?? "", d.CrcErrors?.ToString(CultureInfo.InvariantCulture) ?? "",
                d.LinkSpeedCurrentGbps is { } now ? $"{now:0.#} of {d.LinkSpeedMaxGbps:0.#} Gb/s" : ""]).ToList());
        yield return ("Captures", ["File", "Read as", "Problems"],
            machine.Captures.Select(c => (IReadOnlyList<string>)[c.Name, c.Kind is { } k ? DoctorJson.CaptureKindName(k) : "not recognised", c.Problems.Count.ToString(CultureInfo.InvariantCulture)]).ToList());
    }
}
