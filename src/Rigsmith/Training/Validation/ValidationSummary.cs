using Rigsmith.Input;
using Rigsmith.Training.Models;

namespace Rigsmith.Training.Validation;

/// <summary>Median and worst absolute relative error of one figure over a family's held-out cases.</summary>
public sealed record ErrorSummary(ModelFamily Family, string Figure, int Cases, double Median, double Worst);

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
        var held = results.Where(r => r.Case.HeldOut).ToList();
        var summaries = new List<VerdictSummary>();
        foreach (var family in MapReader.EnumValues<ModelFamily>())
        {
            var cases = held.Where(r => r.Family == family && r.HasVerdict).ToList();
            if (cases.Count > 0)
                summaries.Add(new VerdictSummary(family, cases.Count, cases.Count(r => r.VerdictRight), cases.Count(r => r.Case.OutOfMemory)));
        }

        return summaries;
    }

    /// <summary>Held-out cases only: the calibration cases set constants and would flatter the model, and superseded ones
    /// do not describe what ran.</summary>
    public static IReadOnlyList<ErrorSummary> Summarise(IEnumerable<CaseResult> results)
    {
        var held = results.Where(r => r.Case.HeldOut).ToList();
        var summaries = new List<ErrorSummary>();
        foreach (var family in MapReader.EnumValues<ModelFamily>())
        {
            Add(summaries, family, "memory", held.Where(r => r.Family == family).Select(r => r.MemoryError));
            Add(summaries, family, "step time", held.Where(r => r.Family == family).Select(r => r.SpeedError));
        }

        return summaries;
    }

    private static void Add(List<ErrorSummary> summaries, ModelFamily family, string figure, IEnumerable<double?> errors)
    {
        var values = errors.OfType<double>().Select(Math.Abs).Order().ToList();
        if (values.Count == 0)
            return;
        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        summaries.Add(new ErrorSummary(family, figure, values.Count, median, values[^1]));
    }
}
