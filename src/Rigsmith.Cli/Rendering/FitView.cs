using System.Globalization;
using Rigsmith.Analysis.Training;
using Rigsmith.Input;
using Rigsmith.Training;
using Rigsmith.Training.Validation;
using Spectre.Console;

namespace Rigsmith.Cli.Rendering;

/// <summary>Terminal view of a fit estimate, the settings search and the validation table.</summary>
public static class FitView
{
    public static void Write(IAnsiConsole console, FitEstimate e, IReadOnlyList<SearchCandidate>? candidates)
    {
        var output = TextLayout.For(console);
        Write(output, console, e, candidates);
        output.Flush(console);
    }

    private static void Write(TextLayout output, IAnsiConsole console, FitEstimate e, IReadOnlyList<SearchCandidate>? candidates)
    {
        output.Rule($"[bold]rigsmith fit[/]: {Markup.Escape(e.Model.Name)} {Markup.Escape(TrainingAnalysis.Describe(e.Settings))}");
        WriteEstimate(output, console, e);
        if (candidates is null)
            return;
        if (candidates.Count == 0)
        {
            output.MarkupLine("[red]No setting in the search space fits.[/] Use GPUs with more memory or a smaller model.");
            return;
        }

        var table = new FittingTable("Settings that fit, least compromise first", ["#", "Changes", "Peak GiB", "Step s", "Samples/s", "Compromise"], TextBorder.Rounded)
            .RightAlign(2).RightAlign(3).RightAlign(4).RightAlign(5);
        var rank = 1;
        foreach (var c in candidates)
        {
            table.AddRow([(rank++).ToString(CultureInfo.InvariantCulture), c.Changes.Count == 0 ? "as requested" : string.Join(", ", c.Changes),
                F(c.Estimate.Worst.Peak.Gibibytes, "0.0"), F(c.Estimate.StepTime.Value, "0.###"), F(c.Estimate.SamplesPerSecond, "0.##"), F(c.Compromise, "0.##")]);
        }

        table.Write(output);
        var best = candidates[0].Estimate;
        output.MarkupLine($"Breakdown of #1 on {Markup.Escape(best.Worst.Gpu)}:");
        WriteBreakdown(output, console, best.Worst);
    }

    public static void WriteValidation(IAnsiConsole console, IReadOnlyList<CaseResult> results)
    {
        var output = TextLayout.For(console);
        WriteValidation(output, results);
        output.Flush(console);
    }

    private static void WriteValidation(TextLayout console, IReadOnlyList<CaseResult> results)
    {
        var table = new FittingTable("Training model against published measurements",
            ["Case", "Use", "Verdict", "Measured GiB", "Model GiB", "Error", "Measured s", "Model s", "Error"], TextBorder.Rounded)
            .RightAlign(3).RightAlign(4).RightAlign(5).RightAlign(6).RightAlign(7).RightAlign(8);
        foreach (var r in results)
        {
            table.AddRow([r.Case.Id, FitView.UseText(r), VerdictText(r), F(r.Case.MemoryGib, "0.0"), F(r.PredictedMemoryGib, "0.0"), P(r.MemoryError),
                F(r.MeasuredSecondsPerStep, "0.###"), F(r.PredictedSecondsPerStep, "0.###"), P(r.SpeedError)]);
        }

        table.Write(console);
        foreach (var v in ValidationSummary.Verdicts(results))
            console.WriteLine(VerdictLine(v));

        foreach (var s in ValidationSummary.Summarise(results))
        {
            console.WriteLine(s.Describe());
        }
    }

    /// <summary>What a case is for, as the validation table says it.</summary>
    public static string UseText(CaseResult r) => r.Case.Use switch
    {
        CaseUse.Calibration => "calibration",
        CaseUse.Superseded => "superseded",
        _ when r.FasterThanPeak => "faster than its settings allow",
        _ => "held out",
    };

    /// <summary>The measured verdict, and the model's after it where they differ; a dash for a case without one.</summary>
    public static string VerdictText(CaseResult r)
    {
        if (!r.HasVerdict)
            return "—";
        var measured = r.Case.OutOfMemory ? "out of memory" : "fits";
        return r.VerdictRight ? measured : $"{measured}, model {(r.PredictedFits ? "fits" : "out of memory")}";
    }

    public static string VerdictLine(VerdictSummary v) => string.Create(CultureInfo.InvariantCulture,
        $"{MapReader.EnumName(v.Family)} verdict: right on {v.Right} of {v.Cases} held-out cases ({v.Share:P0}; {v.OutOfMemoryCases} of them ran out of memory)");

    private static void WriteEstimate(TextLayout output, IAnsiConsole console, FitEstimate e)
    {
        var w = e.Worst;
        var colour = e.Verdict switch { FitVerdict.Fits => "green", FitVerdict.Tight => "yellow", _ => "red" };
        output.MarkupLine($"[bold {colour}]{(e.Fits ? "Fits" : "Does not fit")}[/] ({MapReader.EnumName(e.Verdict)}): peak " +
            $"{F(w.Peak.Gibibytes, "0.0")} GiB of {F(w.Usable.Gibibytes, "0.0")} GiB usable on {Markup.Escape(w.Gpu)}");
        output.MarkupLine($"{F(e.StepTime.Value, "0.###")} s per step, {F(e.SamplesPerSecond, "0.##")} samples/s on {e.Gpus} GPUs " +
            $"(scaling efficiency {Percent(e.ScalingEfficiency)}), host RAM {F(e.HostRam.Gibibytes, "0.#")} GiB; the run takes {F(e.Run.Hours, "0.##")} h and {F(e.Energy.Value, "0.#")} kWh" +
            (e.Cost is { } c ? $", {F((double)c.Amount, "0.00")} {Markup.Escape(c.Currency)}" : ""));
        WriteBreakdown(output, console, w);
        foreach (var note in e.Notes)
            output.MarkupLine($"[grey]note:[/] {Markup.Escape(note)}");
    }

    /// <summary>
    /// The colours of the breakdown's items, in order: all of the 16 standard terminal colours, so a chart reads the same
    /// on every terminal that takes colour.
    /// </summary>
    private static readonly string[] Palette = ["blue", "green", "yellow", "red", "aqua", "fuchsia", "lime", "grey", "purple", "teal", "olive"];

    /// <summary>
    /// The breakdown chart as Spectre.Console's BreakdownChart draws it, laid out here: drawing it through Spectre's
    /// widgets was a third of a cold <c>fit --search</c>. A bar of the chart's width, each item's share rounded down and
    /// handed out again as Spectre's Ratio.Distribute does; then the tags ("■ label value"), as many to a row as fit side
    /// by side (rich's column count), the columns widened in proportion to fill the width, each tag wrapped two cells
    /// short of its column and padded to it. Below three cells, or with nothing to show, Spectre still draws it.
    /// </summary>
    private static void WriteBreakdown(TextLayout output, IAnsiConsole console, GpuFit g)
    {
        var width = Math.Min(100, output.Width);
        var items = g.Breakdown.Select((l, i) => (l.Label, Value: Math.Round(l.Amount.Gibibytes, 2), Colour: Palette[i % Palette.Length])).ToList();
        var tags = items.ConvertAll(i => StyledText.FromMarkup($"[{i.Colour}]■[/] {Markup.Escape(i.Label)} [grey]{i.Value.ToString(CultureInfo.InvariantCulture)}[/]"));
        var tagWidths = tags.ConvertAll(t => t.Measure(width - 2).Max + 2);
        var columns = TagColumns(tagWidths, width);
        if (width <= 2 || columns < 1)
        {
            output.Flush(console);
            var chart = new BreakdownChart().Width(width);
            foreach (var (label, value, colour) in items)
                chart.AddItem(Markup.Escape(label), value, Style.Parse(colour).Foreground);
            console.Write(chart);
            return;
        }

        var total = items.Sum(i => i.Value);
        var bars = TextTable.Distribute(width, items.ConvertAll(i => Math.Max(0, (int)(width * (i.Value / total)))));
        for (var i = 0; i < items.Count; i++)
            output.Append(new TextSegment(new string('█', bars[i]), StyledText.Colour(items[i].Colour)));
        output.NewLine();

        // Each column as wide as its widest tag, then the room left shared in proportion to those widths.
        var columnWidths = new List<int>(columns);
        for (var c = 0; c < columns; c++)
        {
            var widest = 0;
            for (var i = c; i < tags.Count; i += columns)
                widest = Math.Max(widest, tagWidths[i]);
            columnWidths.Add(widest);
        }

        var spare = width - columnWidths.Sum();
        if (spare > 0)
        {
            var extra = TextTable.Distribute(spare, columnWidths.ConvertAll(w => Math.Max(w, 1)));
            for (var c = 0; c < columns; c++)
                columnWidths[c] += extra[c];
        }

        var lines = output.Lines;
        var cells = new (int First, int Count)[columns];
        for (var row = 0; row < tags.Count; row += columns)
        {
            lines.Clear();
            var height = 0;
            for (var c = 0; c < columns; c++)
            {
                cells[c] = row + c < tags.Count ? tags[row + c].Render(lines, columnWidths[c] - 2) : (0, 0);
                height = Math.Max(height, cells[c].Count);
            }

            for (var line = 0; line < height; line++)
            {
                for (var c = 0; c < columns; c++)
                    output.AppendCell(lines, cells[c], line, columnWidths[c]);

                output.NewLine();
            }
        }
    }

    /// <summary>
    /// How many columns Spectre's Columns puts tags of these widths in (rich's algorithm): as many as fit side by side;
    /// 0 when not even one does.
    /// </summary>
    private static int TagColumns(List<int> widths, int width)
    {
        var columns = widths.Count;
        while (columns > 1)
        {
            var columnWidths = new Dictionary<int, int>();
            var index = 0;
            var exceeded = false;
            var padded = widths.Concat(Enumerable.Repeat(0, widths.Count % columns == 0 ? 0 : columns - (widths.Count % columns) - 1));
            foreach (var w in padded)
            {
                columnWidths[index] = Math.Max(columnWidths.GetValueOrDefault(index), w);
                if (columnWidths.Values.Sum() > width)
                {
                    columns = columnWidths.Count - 1;
                    exceeded = true;
                    break;
                }

                index = (index + 1) % columns;
            }

            if (!exceeded)
                break;
        }

        return columns;
    }

    private static string F(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>A share as a percentage: 0.3246 → "32 %".</summary>
    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string P(double? value) => value is { } v ? v.ToString("+0%;-0%;0%", CultureInfo.InvariantCulture) : "—";
}
