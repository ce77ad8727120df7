using System.Globalization;
using System.Net;
using System.Text;
using Rigsmith.Reports;
using static Rigsmith.Optimizer.Output.OptimizeSummary;

namespace Rigsmith.Optimizer.Output;

/// <summary>The optimizer's answer as one self-contained HTML page, with the chart of cost against throughput (inline SVG).</summary>
public static class OptimizeHtml
{
    public static string Render(OptimizeResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var spec = r.Spec;
        var h = new StringBuilder();
        h.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .AppendLine(inv, $"<title>{E(spec.Name)} — rigsmith optimize</title>")
            .AppendLine("<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
                + "table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}"
                + "td.n,td:first-child{text-align:right;white-space:nowrap}td:first-child{text-align:left}td{overflow-wrap:anywhere}svg{max-width:100%;height:auto}</style>")
            .AppendLine("</head><body>");
        h.AppendLine(inv, $"<h1>{E(spec.Name)}</h1>");
        h.AppendLine(inv, $"<p><strong>{ProofName(r.Proof)}</strong>: {E(ProofMeaning(r))}. Objective: {E(ObjectiveName(spec.Objective))}.</p>");
        if (r.Best is { } best)
        {
            var s = best.Selection;
            h.AppendLine("<ul>")
                .AppendLine(inv, $"<li>Cost: {E(Money(s.Cents, spec))}</li>")
                .AppendLine(spec.Jobs.Count == 1
                    ? $"<li>Workload: {E(spec.Job.Model.Id)} on {E(GpuLine(s))}: {E(WorkloadLine(best))}</li>"
                    : $"<li>Workloads on {E(GpuLine(s))}: {E(ScoreLine(spec, best))}<ul>{string.Concat(JobLines(spec, best).Select(l => $"<li>{E(l)}</li>"))}</ul></li>")
                .AppendLine(inv, $"<li>Check: {E(CheckLine(best))}</li>")
                .AppendLine("</ul>");
            h.AppendLine("<table><thead><tr><th>Role</th><th>Part</th><th>Units</th><th>Cost</th><th>Price seen</th></tr></thead><tbody>");
            foreach (var l in s.Lines)
                h.AppendLine(inv, $"<tr><td>{E(l.Role)}</td><td>{E(l.Part.Name)} <code>{E(l.Part.Id)}</code></td><td class=\"n\">{l.Units}</td><td class=\"n\">{E(Money(l.Cents, spec))}</td><td>{E(Seen(l, spec.Today))}</td></tr>");
            h.AppendLine(inv, $"<tr><th>Total</th><td></td><td></td><td class=\"n\"><strong>{E(Money(s.Cents, spec))}</strong></td><td>{E(PricesLine(s, spec.Today))}</td></tr>");
            h.AppendLine("</tbody></table>");
        }

        if (r.Front.Count > 0)
        {
            h.AppendLine("<h2>Cost against throughput</h2>");
            var points = r.Front.Select(p => ((double)p.Build.Selection.Cents / 100, p.Build.SamplesPerSecond, $"{p.Build.Selection.Gpus.Count} x {Short(p.Build.Selection.Gpus.Gpu.Part.Name)}")).ToList();
            var chosen = r.Best is null ? (int?)null : r.Front.ToList().FindIndex(p => p.Build.Selection.Key == r.Best.Selection.Key);
            var chart = ReportCharts.CostAgainstThroughput(points, spec.Currency, chosen);
            h.AppendLine(inv, $"<figure>{chart.Svg}<figcaption>{E(chart.Caption)}</figcaption></figure>");
            h.AppendLine("<table><thead><tr><th>Cost</th><th>samples/s</th><th>Build</th></tr></thead><tbody>");
            foreach (var p in r.Front)
                h.AppendLine(inv, $"<tr><td class=\"n\">{E(Money(p.Build.Selection.Cents, spec))}</td><td class=\"n\">{p.Build.SamplesPerSecond:0.###}</td><td>{E(BuildLine(p.Build.Selection))}</td></tr>");
            h.AppendLine("</tbody></table>");
        }

        if (r.RunnersUp.Count > 0)
        {
            h.AppendLine("<h2>Runners-up</h2><ul>");
            foreach (var u in r.RunnersUp)
                h.AppendLine(inv, $"<li>{E(Money(u.Selection.Cents, spec))}, {u.SamplesPerSecond:0.###} samples/s: {E(BuildLine(u.Selection))}</li>");
            h.AppendLine("</ul>");
        }

        if (r.Relaxations.Count > 0)
        {
            h.AppendLine(r.Best is null ? "<h2>What would make it feasible</h2><ul>" : "<h2>Constraints relaxed one at a time</h2><ul>");
            foreach (var o in r.Relaxations)
                h.AppendLine(inv, $"<li>{E(RelaxationLine(r, o))}</li>");
            h.AppendLine("</ul>");
        }

        var leftOut = LeftOutLines(r).ToList();
        if (leftOut.Count > 0)
        {
            h.AppendLine("<h2>Left out of the search</h2><ul>");
            foreach (var l in leftOut)
                h.AppendLine(inv, $"<li>{E(l)}</li>");
            h.AppendLine(inv, $"</ul><p>To consider more parts, {E(AddPrices)}.</p>");
        }

        h.AppendLine(inv, $"<p>OR-Tools CP-SAT, 2 workers, {r.Solves} solves in {r.Elapsed.TotalSeconds:0.00} s.</p>");
        return h.AppendLine("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A card's name short enough to label a point: the vendor's prefix dropped, cut to 24 characters.</summary>
    private static string Short(string name)
    {
        var words = name.Split(' ');
        var shorter = words.Length > 2 ? string.Join(' ', words.Skip(1)) : name;
        return shorter.Length <= 24 ? shorter : shorter[..23] + "…";
    }
}
