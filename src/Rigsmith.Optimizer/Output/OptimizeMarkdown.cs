using System.Globalization;
using System.Text;
using static Rigsmith.Optimizer.Output.OptimizeSummary;

namespace Rigsmith.Optimizer.Output;

/// <summary>The optimizer's answer as Markdown, for a build log or an issue.</summary>
public static class OptimizeMarkdown
{
    public static string Render(OptimizeResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var spec = r.Spec;
        var m = new StringBuilder();
        m.AppendLine(inv, $"# Optimized build: {Escape(spec.Name)}").AppendLine();
        m.AppendLine(inv, $"**{ProofName(r.Proof)}**: {ProofMeaning(r)}. Objective: {ObjectiveName(spec.Objective)}.").AppendLine();
        if (r.Best is { } best)
        {
            var s = best.Selection;
            var budget = spec.Budget is { } b ? $" (budget {Money((long)(b.Amount * 100), spec)})" : "";
            m.AppendLine(inv, $"- Cost: {Money(s.Cents, spec)}{budget}");
            if (spec.Jobs.Count == 1)
                m.AppendLine(inv, $"- Workload: {spec.Job.Model.Id} on {Escape(GpuLine(s))}: {WorkloadLine(best)}");
            else
            {
                m.AppendLine(inv, $"- Workloads on {Escape(GpuLine(s))}: {ScoreLine(spec, best)}");
                foreach (var line in JobLines(spec, best))
                    m.AppendLine(inv, $"  - {Escape(line)}");
            }

            m.AppendLine(inv, $"- Check: {CheckLine(best)}").AppendLine();
            m.AppendLine("| Role | Part | Units | Cost | Price seen |").AppendLine("|---|---|---:|---:|---|");
            foreach (var l in s.Lines)
                m.AppendLine(inv, $"| {l.Role} | {Escape(l.Part.Name)} (`{l.Part.Id}`) | {l.Units} | {Money(l.Cents, spec)} | {Escape(Seen(l, spec.Today))} |");
            m.AppendLine(inv, $"| **total** | | | **{Money(s.Cents, spec)}** | {PricesLine(s, spec.Today)} |").AppendLine();
        }

        if (r.RunnersUp.Count > 0)
        {
            m.AppendLine("## Runners-up").AppendLine();
            foreach (var u in r.RunnersUp)
                m.AppendLine(inv, $"- {Money(u.Selection.Cents, spec)}, {u.SamplesPerSecond:0.###} samples/s: {Escape(BuildLine(u.Selection))}");
            m.AppendLine();
        }

        if (r.Front.Count > 1)
        {
            m.AppendLine("## Cost against throughput").AppendLine().AppendLine("| Cost | samples/s | GPUs |").AppendLine("|---:|---:|---|");
            foreach (var p in r.Front)
                m.AppendLine(inv, $"| {Money(p.Build.Selection.Cents, spec)} | {p.Build.SamplesPerSecond:0.###} | {Escape(GpuLine(p.Build.Selection))} |");
            m.AppendLine();
        }

        if (r.Relaxations.Count > 0)
        {
            m.AppendLine(r.Best is null ? "## What would make it feasible" : "## Constraints relaxed one at a time").AppendLine();
            foreach (var o in r.Relaxations)
                m.AppendLine(inv, $"- {Escape(RelaxationLine(r, o))}");
            m.AppendLine();
        }

        var leftOut = LeftOutLines(r).ToList();
        if (leftOut.Count > 0)
        {
            m.AppendLine("## Left out of the search").AppendLine();
            foreach (var l in leftOut)
                m.AppendLine(inv, $"- {l}");
            m.AppendLine().AppendLine(inv, $"To consider more parts, {AddPrices}.").AppendLine();
        }

        if (r.Rejected.Count > 0)
            m.AppendLine(inv, $"Rejected by the full check: {r.Rejected.Count} builds ({RejectedLine(r.Rejected)}).").AppendLine();
        m.AppendLine(inv, $"OR-Tools CP-SAT, 2 workers, {r.Solves} solves in {r.Elapsed.TotalSeconds:0.00} s.");
        return m.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
