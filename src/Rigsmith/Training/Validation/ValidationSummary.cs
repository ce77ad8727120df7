using System.Globalization;
using Rigsmith.Input;
using Rigsmith.Training.Models;

namespace Rigsmith.Training.Validation;

/// <summary>
/// Median and worst absolute error of one figure over a family's held-out cases: relative, or in GiB where
/// <paramref name="InGib"/>.
/// </summary>
public sealed record ErrorSummary(ModelFamily Family, string Figure, int Cases, double Median, double Worst, bool InGib = false)
{
    /// <summary>The summary as the validation table's footer prints it.</summary>
    public string Describe() => InGib
        ? string.Create(CultureInfo.InvariantCulture, $"{MapReader.EnumName(Family)} {Figure}: median error {Median:0.00} GiB, worst {Worst:0.00} GiB over {Cases} held-out cases")
        : string.Create(CultureInfo.InvariantCulture, $"{MapReader.EnumName(Family)} {Figure}: median error {Median:P0}, worst {Worst:P0} over {Cases} held-out cases");
}

/// <summary>How many of a family's held-out cases the model gives the measured verdict (fits, or out of memory).</summary>
public sealed record VerdictSummary(ModelFamily Family, int Cases, int Right, int OutOfMemoryCases)
{
    public double Share => Cases == 0 ? 0 : (double)Right / Cases;
}

public static class ValidationSummary
{
    /// <summary>Verdicts over the held-out cases, per family.</summary>
    public static IReadOnlyList<VerdictSummary> Verdicts(IEnumerable<CaseResult> results)
    {
        var held = results.Where(r => r.Counts).ToList();
        var summaries = new List<VerdictSummary>();
        foreach (var family in MapReader.EnumValues<ModelFamily>())
        {
            var cases = held.Where(r => r.Family == family && r.HasVerdict).ToList();
            if (cases.Count > 0)
                summaries.Add(new VerdictSummary(family, cases.Count, cases.Count(r => r.VerdictRight), cases.Count(r => r.Case.OutOfMemory)));
        }

        return summaries;
    }

    /// <summary>
    /// Held-out cases only: the calibration cases set constants and would flatter the model, and superseded ones and those
    /// faster than their settings allow do not describe what ran. Per family, the figures issue 15 bounds: memory as a
    /// relative error and in GiB, and throughput (images/s or tokens/s) as a relative error; and the step time's.
    /// </summary>
    public static IReadOnlyList<ErrorSummary> Summarise(IEnumerable<CaseResult> results)
    {
        var held = results.Where(r => r.Counts).ToList();
        var summaries = new List<ErrorSummary>();
        foreach (var family in MapReader.EnumValues<ModelFamily>())
        {
            var cases = held.Where(r => r.Family == family).ToList();
            Add(summaries, family, "memory", cases.Select(r => r.MemoryError));
            Add(summaries, family, "memory", cases.Select(r => r.MemoryErrorGib), inGib: true);
            Add(summaries, family, family == ModelFamily.Llm ? "tokens/s" : "images/s", cases.Select(r => r.ThroughputError));
            Add(summaries, family, "step time", cases.Select(r => r.SpeedError));
        }

        return summaries;
    }

    private static void Add(List<ErrorSummary> summaries, ModelFamily family, string figure, IEnumerable<double?> errors, bool inGib = false)
    {
        var values = errors.OfType<double>().Select(Math.Abs).Order().ToList();
        if (values.Count == 0)
            return;
        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        summaries.Add(new ErrorSummary(family, figure, values.Count, median, values[^1], inGib));
    }
}
