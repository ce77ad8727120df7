using System.Globalization;
using System.Text;
using Rigsmith.Input;
using Rigsmith.Training;

namespace Rigsmith.Reporting;

/// <summary><c>rigsmith fit --format markdown</c>.</summary>
public static class FitMarkdown
{
    public static string Render(FitEstimate e, IReadOnlyList<SearchCandidate>? candidates)
    {
        var sb = new StringBuilder();
        sb.Append("# rigsmith fit: ").AppendLine(e.Model.Name).AppendLine();
        Estimate(sb, e);
        if (candidates is not null)
        {
            sb.AppendLine("## Settings that fit, least compromise first").AppendLine();
            sb.AppendLine("| # | Changes | Needed GiB | Step s | Samples/s | Compromise |").AppendLine("|---|---|---|---|---|---|");
            var rank = 1;
            foreach (var c in candidates)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {rank++} | {(c.Changes.Count == 0 ? "as requested" : string.Join(", ", c.Changes))} | ")
                    .Append(CultureInfo.InvariantCulture, $"{c.Estimate.Worst.Needed.Gibibytes:0.0} | {c.Estimate.StepTime.Value:0.###} | {c.Estimate.SamplesPerSecond:0.##} | {c.Compromise:0.##} |").AppendLine();
            }
        }

        return sb.ToString();
    }

    private static void Estimate(StringBuilder sb, FitEstimate e)
    {
        var w = e.Worst;
        sb.Append(CultureInfo.InvariantCulture, $"**{(e.Fits ? "Fits" : "Does not fit")}** ({MapReader.EnumName(e.Verdict)}): needs {w.Needed.Gibibytes:0.0} GiB of {w.Usable.Gibibytes:0.0} GiB usable on {w.Gpu} (nvidia-smi would show about {w.Peak.Gibibytes:0.0}); ")
            .Append(CultureInfo.InvariantCulture, $"{e.StepTime.Value:0.###} s per step, {e.SamplesPerSecond:0.##} samples/s over {e.Gpus} GPUs (scaling efficiency {e.ScalingEfficiency * 100:0} %); host RAM {e.HostRam.Gibibytes:0.#} GiB.").AppendLine().AppendLine();
        sb.AppendLine("| Item | GiB |").AppendLine("|---|---|");
        foreach (var l in w.Breakdown)
            sb.Append(CultureInfo.InvariantCulture, $"| {l.Label} | {l.Amount.Gibibytes:0.00} |").AppendLine();
        sb.AppendLine();
        foreach (var note in e.Notes)
            sb.Append("- ").AppendLine(note);
        if (e.Notes.Count > 0)
            sb.AppendLine();
    }
}
