// The Spectre.Console rendering the terminal views had before rigsmith laid out its own text: the reference that
// TextLayoutEquivalenceTests compares the production views against, byte for byte.
using System.Globalization;
using Rigsmith.Analysis.Training;
using Rigsmith.Cli.Rendering;
using Rigsmith.Input;
using Rigsmith.Training;
using Rigsmith.Training.Validation;
using Spectre.Console;

namespace Rigsmith.Tests.Support.SpectreReference;

/// <summary>Terminal view of a fit estimate, the settings search and the validation table.</summary>
public static class SpectreFitView
{
    public static void Write(IAnsiConsole console, FitEstimate e, IReadOnlyList<SearchCandidate>? candidates)
    {
        console.Write(new Spectre.Console.Rule($"[bold]rigsmith fit[/]: {Markup.Escape(e.Model.Name)} {Markup.Escape(TrainingAnalysis.Describe(e.Settings))}").LeftJustified());
        WriteEstimate(console, e);
        if (candidates is null)
            return;
        if (candidates.Count == 0)
        {
            console.MarkupLine("[red]No setting in the search space fits.[/] Use GPUs with more memory or a smaller model.");
            return;
        }

        var table = new SpectreFittingTable("Settings that fit, least compromise first", ["#", "Changes", "Peak GiB", "Step s", "Samples/s", "Compromise"], TableBorder.Rounded)
            .RightAlign(2).RightAlign(3).RightAlign(4).RightAlign(5);
        var rank = 1;
        foreach (var c in candidates)
        {
            table.AddRow([(rank++).ToString(CultureInfo.InvariantCulture), c.Changes.Count == 0 ? "as requested" : string.Join(", ", c.Changes),
                F(c.Estimate.Worst.Peak.Gibibytes, "0.0"), F(c.Estimate.StepTime.Value, "0.###"), F(c.Estimate.SamplesPerSecond, "0.##"), F(c.Compromise, "0.##")]);
        }

        table.Write(console);
        var best = candidates[0].Estimate;
        console.MarkupLine($"Breakdown of #1 on {Markup.Escape(best.Worst.Gpu)}:");
        WriteBreakdown(console, best.Worst);
    }

    public static void WriteValidation(IAnsiConsole console, IReadOnlyList<CaseResult> results)
    {
        var table = new SpectreFittingTable("Training model against published measurements",
            ["Case", "Use", "Verdict", "Measured GiB", "Model GiB", "Error", "Measured s", "Model s", "Error"], TableBorder.Rounded)
            .RightAlign(3).RightAlign(4).RightAlign(5).RightAlign(6).RightAlign(7).RightAlign(8);
        foreach (var r in results)
        {
            table.AddRow([r.Case.Id, FitView.UseText(r), FitView.VerdictText(r), F(r.Case.MemoryGib, "0.0"), F(r.PredictedMemoryGib, "0.0"), P(r.MemoryError),
                F(r.MeasuredSecondsPerStep, "0.###"), F(r.PredictedSecondsPerStep, "0.###"), P(r.SpeedError)]);
        }

        table.Write(console);
        foreach (var v in ValidationSummary.Verdicts(results))
            console.WriteLine(FitView.VerdictLine(v));
        foreach (var s in ValidationSummary.Summarise(results))
        {
            console.WriteLine(s.Describe());
        }
    }

    private static void WriteEstimate(IAnsiConsole console, FitEstimate e)
    {
        var w = e.Worst;
        var colour = e.Verdict switch { FitVerdict.Fits => "green", FitVerdict.Tight => "yellow", _ => "red" };
        console.MarkupLine($"[bold {colour}]{(e.Fits ? "Fits" : "Does not fit")}[/] ({MapReader.EnumName(e.Verdict)}): peak " +
            $"{F(w.Peak.Gibibytes, "0.0")} GiB of {F(w.Usable.Gibibytes, "0.0")} GiB usable on {Markup.Escape(w.Gpu)}");
        console.MarkupLine($"{F(e.StepTime.Value, "0.###")} s per step, {F(e.SamplesPerSecond, "0.##")} samples/s on {e.Gpus} GPUs " +
            $"(scaling efficiency {Percent(e.ScalingEfficiency)}), host RAM {F(e.HostRam.Gibibytes, "0.#")} GiB; the run takes {F(e.Run.Hours, "0.##")} h and {F(e.Energy.Value, "0.#")} kWh" +
            (e.Cost is { } c ? $", {F((double)c.Amount, "0.00")} {Markup.Escape(c.Currency)}" : ""));
        WriteBreakdown(console, w);
        foreach (var note in e.Notes)
            console.MarkupLine($"[grey]note:[/] {Markup.Escape(note)}");
    }

    private static void WriteBreakdown(IAnsiConsole console, GpuFit g)
    {
        var chart = new BreakdownChart().Width(Math.Min(100, console.Profile.Width));
        var colours = new[] { Color.Blue, Color.Green, Color.Yellow, Color.Red, Color.Aqua, Color.Fuchsia, Color.Lime, Color.Grey, Color.Purple, Color.Teal, Color.Olive };
        var i = 0;
        foreach (var l in g.Breakdown)
            chart.AddItem(Markup.Escape(l.Label), Math.Round(l.Amount.Gibibytes, 2), colours[i++ % colours.Length]);
        console.Write(chart);
    }

    private static string F(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>A share as a percentage: 0.3246 → "32 %".</summary>
    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string P(double? value) => value is { } v ? v.ToString("+0%;-0%;0%", CultureInfo.InvariantCulture) : "—";
}
