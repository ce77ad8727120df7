using System.Text;
using System.Text.Json;
using Rigsmith.Analysis;
using Rigsmith.Input;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Optimizer.Verification;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Output;

/// <summary>The optimizer's answer as JSON (docs/json.md, "optimize"): snake_case, units in the names, money in the spec's currency.</summary>
public static class OptimizeJson
{
    public static string Render(OptimizeResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var spec = r.Spec;
            w.WriteStartObject();
            w.WriteString("spec", spec.File);
            w.WriteString("objective", MapReader.EnumName(spec.Objective));
            w.WriteString("status", OptimizeSummary.ProofName(r.Proof).ToLowerInvariant());
            if (r.Gap is { } gap)
                w.WriteNumber("gap", Math.Round(gap, 6));
            else
                w.WriteNull("gap");
            w.WriteString("currency", spec.Currency);
            if (spec.Budget is { } budget)
                w.WriteNumber("budget", budget.Amount);
            else
                w.WriteNull("budget");
            w.WritePropertyName("best");
            if (r.Best is { } best)
                Build(w, best, spec.Jobs, spec.Today);
            else
                w.WriteNullValue();
            w.WriteStartArray("runners_up");
            foreach (var u in r.RunnersUp)
                Build(w, u, spec.Jobs, spec.Today);
            w.WriteEndArray();
            w.WriteStartArray("front");
            foreach (var p in r.Front)
            {
                w.WriteStartObject();
                w.WriteNumber("cost", p.Build.Selection.Cents / 100m);
                w.WriteNumber("samples_per_s", Math.Round(p.Build.SamplesPerSecond, 4));
                w.WriteNumber("model_samples_per_s", Math.Round(p.ModelSamplesPerSecond, 4));
                w.WriteString("gpu", p.Build.Selection.Gpus.Gpu.Part.Id);
                w.WriteNumber("gpus", p.Build.Selection.Gpus.Count);
                w.WriteNumber("power_limit_w", p.Build.Selection.Gpus.Limit.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("relaxations");
            foreach (var o in r.Relaxations)
            {
                w.WriteStartObject();
                w.WriteString("constraint", o.Constraint);
                w.WriteString("relaxed", o.Relaxed);
                w.WritePropertyName("answer");
                if (o.Answer is { } a)
                    Build(w, a, spec.Jobs, spec.Today);
                else
                    w.WriteNullValue();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("left_out");
            foreach (var l in r.Candidates.LeftOut)
            {
                w.WriteStartObject();
                w.WriteString("category", MapReader.EnumName(l.Category));
                w.WriteNumber("no_price", l.NoPrice);
                w.WriteNumber("other_condition", l.OtherCondition);
                w.WriteNumber("no_rate", l.NoRate);
                w.WriteNumber("excluded", l.Excluded);
                w.WriteNumber("unusable", l.Unusable);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("rejected");
            foreach (var x in r.Rejected)
            {
                w.WriteStartObject();
                w.WriteString("build", x.Selection.Key);
                w.WriteStartArray("rules");
                foreach (var rule in x.Rules)
                    w.WriteStringValue(rule);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("solves", r.Solves);
            w.WriteNumber("elapsed_s", Math.Round(r.Elapsed.TotalSeconds, 3));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Build(Utf8JsonWriter w, Verified v, IReadOnlyList<SpecJob> jobs, DateOnly today)
    {
        var s = v.Selection;
        w.WriteStartObject();
        w.WriteNumber("cost", s.Cents / 100m);
        w.WriteNumber("samples_per_s", Math.Round(v.SamplesPerSecond, 4));
        if (v.Report.Plan.Training is { } t)
        {
            w.WriteString("fit", MapReader.EnumName(t.Estimate.Verdict));
            w.WriteNumber("needed_gib", Math.Round(t.Estimate.Worst.Needed.Value / Bytes.GiB, 2));
            w.WriteNumber("usable_gib", Math.Round(t.Estimate.Worst.Usable.Value / Bytes.GiB, 2));
            w.WriteNumber("run_h", Math.Round(t.Estimate.Run.Hours, 3));
        }

        if (v.Reports.Count > 1)
        {
            w.WriteStartArray("workloads");
            foreach (var (report, job) in v.Reports.Zip(jobs))
            {
                w.WriteStartObject();
                w.WriteString("model", job.Job.Model.Id);
                w.WriteString("method", MapReader.EnumName(job.Job.Settings.Method));
                w.WriteNumber("weight", job.Weight);
                if (report.Plan.Training is { } jt)
                {
                    w.WriteString("fit", MapReader.EnumName(jt.Estimate.Verdict));
                    w.WriteNumber("needed_gib", Math.Round(jt.Estimate.Worst.Needed.Value / Bytes.GiB, 2));
                    w.WriteNumber("samples_per_s", Math.Round(jt.Estimate.SamplesPerSecond, 4));
                    w.WriteNumber("run_h", Math.Round(jt.Estimate.Run.Hours, 3));
                }

                w.WriteNumber("exit_code", report.ExitCode);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteNumber("exit_code", v.Passes ? 0 : v.Reports.Max(r => r.ExitCode));
        w.WriteNumber("warnings", v.Report.Count(Severity.Warning));
        w.WriteNumber("power_limit_w", s.Gpus.Limit.Value);
        w.WriteStartArray("parts");
        foreach (var l in s.Lines)
            Line(w, l, today);
        w.WriteEndArray();
        w.WriteString("rig", v.RigYaml);
        w.WriteEndObject();
    }

    private static void Line(Utf8JsonWriter w, PartLine l, DateOnly today)
    {
        w.WriteStartObject();
        w.WriteString("role", l.Role);
        w.WriteString("id", l.Part.Id);
        w.WriteString("name", l.Part.Name);
        w.WriteNumber("units", l.Units);
        w.WriteNumber("owned", l.Owned);
        w.WriteNumber("cost", l.Cents / 100m);
        w.WritePropertyName("price");
        if (l.Observation is { } o)
        {
            w.WriteStartObject();
            w.WriteNumber("unit_cost", l.UnitCents / 100m);
            w.WriteNumber("amount", o.Price.Amount);
            w.WriteString("currency", o.Price.Currency);
            w.WriteString("date", o.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("condition", MapReader.EnumName(o.Condition));
            w.WriteString("source", o.Source);
            w.WriteBoolean("own", o.Own);
            w.WriteBoolean("stale", Candidates.Pricing.Stale(o, today));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
    }
}
