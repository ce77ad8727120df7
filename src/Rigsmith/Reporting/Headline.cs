using System.Globalization;
using Rigsmith.Analysis;
using Rigsmith.Input;
using Rigsmith.Training;

namespace Rigsmith.Reporting;

/// <summary>
/// The top of every report, in words: the counts behind the overall verdict, the machine's verdict apart from the
/// job's, and whether the job fits as written and, when it does not, the least-compromising settings that do with
/// what they cost. Shared by the terminal, Markdown, HTML reports and the article.
/// </summary>
public static class Headline
{
    /// <summary>"Hardware: PASS with warnings — 0 errors, 3 warnings, 14 notes": every analysis but the workload's.</summary>
    public static string Hardware(Report report) =>
        $"Hardware: {TextFormat.Verdict(report.HardwareVerdict)} — {Counts(report.HardwareCount(Severity.Error), report.HardwareCount(Severity.Warning), report.HardwareCount(Severity.Info))}";

    /// <summary>"Workload: SDXL does not fit as set (30.3 of 23.6 GiB on the tightest GPU). It fits with ...", or null when the rig has no job.</summary>
    public static string? Workload(Report report)
    {
        if (report.WorkloadVerdict is not { } verdict || report.Plan.Training is not { } training)
            return null;
        var e = training.Estimate;
        var worst = e.Worst;
        var memory = $"{Gib(worst.Needed.Gibibytes)} of {Gib(worst.Usable.Gibibytes)} GiB on the tightest GPU";
        return verdict switch
        {
            FitVerdict.Fits => $"Workload: {e.Model.Name} fits as set ({memory}, {Seconds(e.StepTime.Value)} s per step).",
            FitVerdict.Tight => $"Workload: {e.Model.Name} barely fits as set ({memory}, {Seconds(e.StepTime.Value)} s per step).",
            _ => $"Workload: {e.Model.Name} does not fit as set ({memory}). " + FittingSettings(training),
        };
    }

    /// <summary>The least-compromising settings that fit, with their memory and speed against the job as set.</summary>
    public static string FittingSettings(Planning.TrainingPlan training)
    {
        if (training.Candidates.FirstOrDefault() is not { } best)
            return "No setting in the search space fits it on these GPUs.";
        var e = best.Estimate;
        return $"It fits with {string.Join(", ", best.Changes)}: {Gib(e.Worst.Needed.Gibibytes)} GiB, {Seconds(e.StepTime.Value)} s per step " +
            $"against {Seconds(training.Estimate.StepTime.Value)} s as set; compromise {best.Compromise.ToString("0.##", CultureInfo.InvariantCulture)} (0 is the job as asked, docs/models/training.md).";
    }

    /// <summary>"1 error, 3 warnings, 15 notes".</summary>
    public static string Counts(int errors, int warnings, int notes) =>
        $"{Plural(errors, "error")}, {Plural(warnings, "warning")}, {Plural(notes, "note")}";

    public static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";

    /// <summary>The workload verdict as JSON and the training section spell it: fits, tight, does-not-fit.</summary>
    public static string WorkloadName(FitVerdict verdict) => MapReader.EnumName(verdict);

    /// <summary>GiB as the training findings write them, so the headline and TRN601 agree to the digit.</summary>
    private static string Gib(double gib) => Math.Round(gib, 1).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Seconds(double s) => s.ToString("0.##", CultureInfo.InvariantCulture);
}
