using System.Globalization;
using System.Text;
using static Rigsmith.Optimizer.Output.OptimizeSummary;

namespace Rigsmith.Optimizer.Output;

/// <summary>The optimizer's answer for a terminal.</summary>
public static class OptimizeText
{
    public static string Render(OptimizeResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var spec = r.Spec;
        var t = new StringBuilder();
        t.AppendLine(inv, $"── Optimized build: {spec.Name} ──");
        t.AppendLine(inv, $"Status: {ProofName(r.Proof)} ({ProofMeaning(r)})");
        var budget = spec.Budget is { } b ? $" (budget {Money((long)(b.Amount * 100), spec)})" : "";
        if (r.Best is { } best)
        {
            var s = best.Selection;
            t.AppendLine(inv, $"Objective: {ObjectiveName(spec.Objective)}; cost {Money(s.Cents, spec)}{budget}");
            if (spec.Jobs.Count == 1)
                t.AppendLine(inv, $"Workload: {spec.Job.Model.Id} {Input.MapReader.EnumName(spec.Job.Settings.Method)} on {GpuLine(s)}: {WorkloadLine(best)}");
            else
            {
                t.AppendLine(inv, $"Workloads on {GpuLine(s)}: {ScoreLine(spec, best)}");
                foreach (var line in JobLines(spec, best))
                    t.AppendLine(inv, $"  {line}");
            }

            t.AppendLine(inv, $"Check: {CheckLine(best)}");
            t.AppendLine();
            t.AppendLine("Parts");
            var rows = s.Lines.Select(l => (l.Role, Part: $"{l.Part.Name} ({l.Part.Id})", Units: l.Units.ToString(inv), Cost: Money(l.Cents, spec), Seen: Seen(l, spec.Today))).ToList();
            var w = (rows.Max(x => x.Role.Length), rows.Max(x => x.Part.Length), rows.Max(x => x.Units.Length), rows.Max(x => x.Cost.Length));
            foreach (var row in rows)
                t.AppendLine(inv, $"  {row.Role.PadRight(w.Item1)}  {row.Part.PadRight(w.Item2)}  {row.Units.PadLeft(w.Item3)}  {row.Cost.PadLeft(w.Item4)}  {row.Seen}");
            t.AppendLine(inv, $"  {"total".PadRight(w.Item1)}  {"".PadRight(w.Item2)}  {"".PadLeft(w.Item3)}  {Money(s.Cents, spec).PadLeft(w.Item4)}  {PricesLine(s, spec.Today)}");
        }
        else
        {
            t.AppendLine(inv, $"Objective: {ObjectiveName(spec.Objective)}{budget}");
        }

        if (r.RunnersUp.Count > 0)
        {
            t.AppendLine();
            t.AppendLine("Runners-up (other GPU models)");
            foreach (var u in r.RunnersUp)
                t.AppendLine(inv, $"  {Money(u.Selection.Cents, spec)}, {u.SamplesPerSecond:0.###} samples/s: {BuildLine(u.Selection)}");
        }

        if (r.Front.Count > 1)
        {
            t.AppendLine();
            t.AppendLine("Cost against throughput (each cheapest for its speed)");
            foreach (var p in r.Front)
                t.AppendLine(inv, $"  {Money(p.Build.Selection.Cents, spec),16}  {p.Build.SamplesPerSecond,8:0.###} samples/s  {GpuLine(p.Build.Selection)}");
        }

        if (r.Relaxations.Count > 0)
        {
            t.AppendLine();
            t.AppendLine(r.Best is null ? "What would make it feasible (each constraint relaxed alone)" : "Constraints (each relaxed alone)");
            foreach (var o in r.Relaxations)
                t.AppendLine(inv, $"  {RelaxationLine(r, o)}");
        }

        var leftOut = LeftOutLines(r).ToList();
        t.AppendLine();
        if (leftOut.Count > 0)
        {
            t.AppendLine("Left out of the search");
            foreach (var l in leftOut)
                t.AppendLine(inv, $"  {l}");
            t.AppendLine(inv, $"  To consider more parts, {AddPrices}.");
        }

        if (r.Rejected.Count > 0)
            t.AppendLine(inv, $"Rejected by the full check and cut from the search: {r.Rejected.Count} builds ({RejectedLine(r.Rejected)})");
        t.AppendLine(inv, $"Solver: OR-Tools CP-SAT, 2 workers, {r.Solves} solves of a model of {r.Variables:#,0} variables and {r.Constraints:#,0} constraints; "
            + $"{r.Elapsed.TotalSeconds:0.00} s in all (candidates {r.Timings.Candidates.TotalSeconds:0.00} s, solver {r.Timings.Solver.TotalSeconds:0.00} s, checks {r.Timings.Checks.TotalSeconds:0.00} s)");
        return t.ToString();
    }
}
