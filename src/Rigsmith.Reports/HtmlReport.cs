using System.Net;
using System.Text;
using Rigsmith.Analysis;
using Rigsmith.Planning;
using Rigsmith.Publishing;
using Rigsmith.Reporting;

namespace Rigsmith.Reports;

/// <summary>
/// The report as one self-contained HTML page: no scripts, fonts, styles or images from elsewhere. The charts are
/// inline SVG drawn by ScottPlot; the findings, figures, tables and part list follow. Pure: the report in, text out.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 980px; color: #222; line-height: 1.45; }
        h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
        table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .9rem; }
        th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f4f4f4; }
        figure { margin: 1rem 0 2rem; } figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { font-size: .9rem; color: #555; }
        .verdict { font-size: 1.1rem; font-weight: 600; }
        .error { color: #b00020; } .warning { color: #a65e00; } .info { color: #555; }
        """;

    /// <summary>What the report needs from the plan beyond the defaults: the slot voltage at every power cap, for its chart.</summary>
    public static readonly PlanOptions PlanOptions = new(SlotVoltageSweep: true);

    /// <param name="book">The user's price book, for a total converted at its dated rates (its prices are already on the parts).</param>
    public static string Render(Report report, Rigsmith.Catalog.PriceBook? book = null)
    {
        var rig = report.Rig;
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\">");
        sb.AppendLine("<head>");
        sb.AppendLine("<meta charset=\"utf-8\">");
        sb.Append("<title>").Append(E(rig.Name)).AppendLine(" — rigsmith report</title>");
        sb.Append("<style>").Append(Style).AppendLine("</style>");
        sb.AppendLine("</head>");
        sb.AppendLine("<body>");
        sb.Append("<h1>").Append(E(rig.Name)).AppendLine("</h1>");
        sb.Append("<p>").Append(E(BuildArticle.Purpose(report))).AppendLine("</p>");
        sb.Append("<p class=\"verdict\">Verdict: ").Append(E(TextFormat.Verdict(report.Verdict))).Append(" — ")
            .Append(E(Headline.Counts(report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Info)))).AppendLine("</p>");
        if (Headline.Workload(report) is { } workload)
            sb.Append("<ul class=\"verdicts\"><li>").Append(E(Headline.Hardware(report))).Append("</li><li>").Append(E(workload)).AppendLine("</li></ul>");

        var charts = ReportCharts.All(report);
        if (charts.Count > 0)
        {
            sb.AppendLine("<h2>Charts</h2>");
            foreach (var chart in charts)
            {
                sb.Append("<figure id=\"chart-").Append(chart.Id).AppendLine("\">");
                sb.AppendLine(chart.Svg);
                sb.Append("<figcaption><strong>").Append(E(chart.Title)).Append(".</strong> ").Append(E(chart.Caption)).AppendLine("</figcaption>");
                sb.AppendLine("</figure>");
            }
        }

        var findings = report.Findings.ToList();
        if (findings.Count > 0)
        {
            sb.AppendLine("<h2>Findings</h2>");
            sb.AppendLine("<table><thead><tr><th>Rule</th><th>Severity</th><th>Finding</th><th>What to do</th></tr></thead><tbody>");
            foreach (var f in findings)
            {
                var severity = TextFormat.Severity(f.Severity);
                sb.Append("<tr><td>").Append(E(f.Rule.Id)).Append("</td><td class=\"").Append(severity).Append("\">").Append(severity).Append("</td><td>")
                    .Append(E(f.Message));
                if (TextFormat.RestsOnLine(f.RestsOn) is { } rests)
                    sb.Append(" <em>(").Append(E(rests)).Append(")</em>");
                sb.Append("</td><td>").Append(E(f.Fix ?? "")).AppendLine("</td></tr>");
            }

            sb.AppendLine("</tbody></table>");
        }

        foreach (var analysis in report.Analyses.Where(a => a.Figures.Count > 0 || a.Tables.Count > 0))
        {
            sb.Append("<h2>").Append(E(analysis.Title)).AppendLine("</h2>");
            if (analysis.Figures.Count > 0)
            {
                sb.AppendLine("<table><tbody>");
                foreach (var (label, value) in TextFormat.FigureRows(analysis.Figures))
                    sb.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).AppendLine("</td></tr>");
                sb.AppendLine("</tbody></table>");
            }

            foreach (var table in analysis.Tables)
            {
                sb.Append("<h3>").Append(E(table.Title)).AppendLine("</h3>");
                sb.Append("<table><thead><tr>").AppendJoin("", table.Columns.Select(c => $"<th>{E(c.Header)}</th>")).AppendLine("</tr></thead><tbody>");
                foreach (var row in table.Rows)
                    sb.Append("<tr>").AppendJoin("", row.Select(v => $"<td>{E(TextFormat.Value(v))}</td>")).AppendLine("</tr>");
                sb.AppendLine("</tbody></table>");
            }
        }

        var list = PartList.From(rig, book);
        sb.AppendLine("<h2>Parts</h2>");
        sb.AppendLine("<table><thead><tr><th>Type</th><th>Part</th><th>Role</th><th>Note</th><th>Price</th></tr></thead><tbody>");
        foreach (var e in list.Entries)
        {
            sb.Append("<tr><td>").Append(E(e.Type)).Append("</td><td>").Append(E(e.Item)).Append(" <code>").Append(E(e.Part.Id)).Append("</code></td><td>")
                .Append(E(e.Role)).Append("</td><td>").Append(E(e.Note ?? "")).Append("</td><td>")
                .Append(E(CostSection.PriceCell(e))).AppendLine("</td></tr>");
        }

        sb.AppendLine("</tbody></table>");
        sb.Append("<p>").Append(E(CostSection.Summary(list))).AppendLine("</p>");
        sb.AppendLine("<p><small>Generated by rigsmith. Charts drawn with ScottPlot.</small></p>");
        sb.AppendLine("</body>");
        sb.AppendLine("</html>");
        return sb.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
