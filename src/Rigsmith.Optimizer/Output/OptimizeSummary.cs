using System.Globalization;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Optimizer.Candidates;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Optimizer.Verification;
using Rigsmith.Publishing;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Output;

/// <summary>The words and numbers every output format shows of a result, worked out once.</summary>
public static class OptimizeSummary
{
    public static string ObjectiveName(Objective o) => MapReader.EnumName(o).Replace('-', ' ');

    public static string ProofName(Proof p) => p switch
    {
        Proof.Optimal => "OPTIMAL",
        Proof.Feasible => "FEASIBLE",
        Proof.Infeasible => "INFEASIBLE",
        _ => "UNKNOWN",
    };

    public static string ProofMeaning(OptimizeResult r) => r.Proof switch
    {
        Proof.Optimal => r.Spec.Objective switch
        {
            Objective.LeastMoney => "proven: no build that passes the check costs less",
            Objective.ThroughputPerMoney => "proven: no build that passes the check gives more samples/s per unit of money",
            _ => "proven: no build that passes the check is faster (or as fast for less)",
        },
        Proof.Feasible => r.Gap is { } gap
            ? $"passes the check; the time limit came before the proof (gap {gap * 100:0.#} %)"
            : "passes the check; the time limit came before the proof",
        Proof.Infeasible => "no build meets the spec; the constraints below say what would",
        _ => "the time limit came before any build was found; raise time_limit",
    };

    /// <summary>An amount in the spec's currency, as every part list writes money ("$3732.36", "5200.00 HKD").</summary>
    public static string Money(long cents, OptimizeSpec spec) => MoneyText.Format(Units.Money.Of(cents / 100m, spec.Currency));

    /// <summary>"4 x NVIDIA GeForce RTX 3090 at 280 W".</summary>
    public static string GpuLine(Selection s) =>
        (s.Gpus.Alongside is { } a ? $"{a.Count} x {a.Gpu.Part.Name} (owned)" + (a.Limit != a.Gpu.Part.BoardPower ? $" at {a.Limit}" : "") + " + " : "")
        + $"{s.Gpus.MainCount} x {s.Gpus.Gpu.Part.Name}" + (s.Gpus.Limit != s.Gpus.Gpu.Part.BoardPower ? $" at {s.Gpus.Limit}" : "");

    /// <summary>"4 x RTX 3090 at 280 W, i9-7960X on EVGA X299 DARK".</summary>
    public static string BuildLine(Selection s) => $"{GpuLine(s)}; {s.Platform.Cpu.Part.Name} on {s.Platform.Board.Part.Name}";

    /// <summary>The first job on the build as its check has it: the verdict with the worst GPU's memory, and the speed.</summary>
    public static string WorkloadLine(Verified v) => WorkloadLine(v.Report);

    /// <summary>
    /// With several jobs, each on the build ("weight 3: sdxl full: fits (...), 0.7 samples/s, ..."), after what the
    /// score is; empty with one job (its line is <see cref="WorkloadLine(Verified)"/>).
    /// </summary>
    public static IReadOnlyList<string> JobLines(OptimizeSpec spec, Verified v) =>
        spec.Jobs.Count == 1
            ? []
            : spec.Jobs.Select((j, i) => string.Create(CultureInfo.InvariantCulture,
                $"weight {j.Weight:0.###}: {j.Job.Model.Id} {MapReader.EnumName(j.Job.Settings.Method)}: {WorkloadLine(v.Reports[i])}")).ToList();

    /// <summary>What the score of several jobs is, for the line above <see cref="JobLines"/>.</summary>
    public static string ScoreLine(OptimizeSpec spec, Verified v)
    {
        var meaning = spec.Objective == Objective.ShortestTime
            ? "the samples of every job's runs (weight x dataset x epochs) over the time they take"
            : "the jobs' samples/s averaged over the machine's time, each job running its weight's share";
        return string.Create(CultureInfo.InvariantCulture, $"{v.SamplesPerSecond:0.###} samples/s effective, {meaning}");
    }

    private static string WorkloadLine(Report report)
    {
        var training = report.Plan.Training;
        if (training is null)
            return "not estimated";
        var e = training.Estimate;
        var worst = e.Worst;
        var verdict = e.Verdict switch
        {
            Training.FitVerdict.Fits => "fits",
            Training.FitVerdict.Tight => "fits, tight",
            _ => "does not fit",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{verdict} ({worst.Needed.Value / Bytes.GiB:0.0} of {worst.Usable.Value / Bytes.GiB:0.0} GiB per GPU), {e.SamplesPerSecond:0.###} samples/s, {e.Run.Hours:0.#} h for the dataset");
    }

    /// <summary>The check of the rig file as written (its workload is the first job), and with several jobs each other job's exit code.</summary>
    public static string CheckLine(Verified v)
    {
        var r = v.Report;
        var verdict = r.ExitCode == 0 ? (r.Count(Severity.Warning) > 0 ? "passes with warnings" : "passes") : "fails";
        var others = v.Reports.Skip(1).Select((o, i) => string.Create(CultureInfo.InvariantCulture, $"job {i + 2} exit {o.ExitCode}")).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{verdict}: {r.Count(Severity.Error)} errors, {r.Count(Severity.Warning)} warnings, {r.Count(Severity.Info)} notes (exit {r.ExitCode})")
            + (others.Count == 0 ? "" : $"; with the other jobs: {string.Join(", ", others)}");
    }

    /// <summary>Where a price was seen, as every part list says it ("$800.00 used, 2025-12-01 @ gpudojo.pages.dev"), or "owned".</summary>
    public static string Seen(PartLine l, DateOnly today)
    {
        if (l.Observation is not { } o)
            return l.Owned > 0 ? "owned" : "no price";
        var owned = l.Owned > 0 ? $"{l.Owned} owned; " : "";
        var stale = Pricing.Stale(o, today) ? " (over a year old)" : "";
        var rate = l.Rate is { } r ? string.Create(CultureInfo.InvariantCulture, $" (at your rate of {MoneyText.Date(r.Date)}: 1 {r.From} = {r.Rate} {r.To})") : "";
        return $"{owned}{MoneyText.Describe(o)}{stale}{rate}";
    }

    /// <summary>"observed 2020-09-02 to 2025-12-01 (6 new, 1 used); 1 over a year old" for the parts bought.</summary>
    public static string PricesLine(Selection s, DateOnly today)
    {
        var seen = s.Lines.Where(l => l.Observation is not null && l.Cents > 0).Select(l => l.Observation!).ToList();
        if (MoneyText.Observed(seen) is not { } observed)
            return "every part owned";
        var stale = seen.Count(o => Pricing.Stale(o, today));
        return observed + (stale > 0 ? $"; {stale} over a year old" : "");
    }

    /// <summary>"gpu 2,713 (2,701 without a price, 12 not of the condition asked)".</summary>
    public static IEnumerable<string> LeftOutLines(OptimizeResult r)
    {
        foreach (var l in r.Candidates.LeftOut.Where(l => l.Total > 0))
        {
            var why = new List<string>();
            if (l.NoPrice > 0)
                why.Add($"{l.NoPrice:#,0} without a price");
            if (l.OtherCondition > 0)
                why.Add($"{l.OtherCondition:#,0} priced only {(r.Spec.Condition == ConditionChoice.New ? "used" : "new")}");
            if (l.NoRate > 0)
                why.Add($"{l.NoRate:#,0} priced in a currency without a rate to {r.Spec.Currency}");
            if (l.Excluded > 0)
                why.Add($"{l.Excluded:#,0} excluded by the spec");
            if (l.Unusable > 0)
                why.Add(l.Category switch
                {
                    PartCategory.Gpu => $"{l.Unusable:#,0} on which the workload does not fit",
                    PartCategory.Chassis => $"{l.Unusable:#,0} over the chassis size or of unknown volume",
                    _ => $"{l.Unusable:#,0} unusable on this site",
                });
            yield return string.Create(CultureInfo.InvariantCulture, $"{MapReader.EnumName(l.Category)} {l.Total:#,0} ({string.Join(", ", why)})");
        }
    }

    public const string AddPrices = "add prices for parts you can buy to a price book (prices: in the spec, or --prices; docs/prices.md)";

    /// <summary>"PWR208 x2, CMP130 x1" for the builds the check rejected.</summary>
    public static string RejectedLine(IReadOnlyList<Rejected> rejected) =>
        string.Join(", ", rejected.SelectMany(x => x.Rules).GroupBy(x => x).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} x{g.Count()}"));

    public static string RelaxationLine(OptimizeResult r, RelaxationOutcome o) =>
        o.Answer is not { } a
            ? $"{o.Constraint}: {o.Relaxed} — no better build"
            : $"{o.Constraint}: {o.Relaxed} — {Money(a.Selection.Cents, r.Spec)}, {a.SamplesPerSecond.ToString("0.###", CultureInfo.InvariantCulture)} samples/s: {BuildLine(a.Selection)}"
                + (o.Constraint == "circuit" ? $" ({a.Report.Plan.Electrical.AsSet.Wall} at the wall)" : "");
}
