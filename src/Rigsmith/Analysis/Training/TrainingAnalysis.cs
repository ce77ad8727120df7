using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Analysis.Training;

/// <summary>Will the rig's workload fit in each GPU's memory, how fast it runs, and what makes it fit.</summary>
public sealed class TrainingAnalysis : IAnalysis
{
    public static readonly Rule DoesNotFit = new("TRN601", Severity.Error, "Training job does not fit in GPU memory",
        "Per-GPU peak memory of the workload (weights, gradients, optimizer states, activations, buffers, overheads) against the GPU's usable memory.",
        "docs/models/training.md");
    public static readonly Rule Tight = new("TRN602", Severity.Warning, "Training job barely fits",
        "Needed memory above 90 % of usable memory: fragmentation or a longer sample can tip it over.", "training-estimators.md A11/A12.4");
    public static readonly Rule HostRam = new("TRN603", Severity.Warning, "Host RAM short for the job",
        "Estimated host memory of all training processes (checkpoint loading, cached latents, offloaded states) against the installed RAM.",
        "DeepSpeed memory estimators; docs/models/training.md");
    public static readonly Rule Compromise = new("TRN604", Severity.Info, "Settings that make the job fit",
        "The least-compromising settings found by the settings search, when the requested ones do not fit.", "docs/models/training.md");
    public static readonly Rule Note = new("TRN605", Severity.Info, "Training model note",
        "Something the estimate had to assume or adjust about the requested settings.", "docs/models/training.md");
    public static readonly Rule PowerLimitCost = new("TRN607", Severity.Info, "Throughput at the advised power limit",
        "When the electrical analysis advises a lower GPU power limit, what that limit costs this job in throughput.",
        "docs/models/electrical.md; docs/models/training.md (power-limit exponent)");
    public static readonly Rule SlowestGpu = new("TRN606", Severity.Info, "Mixed GPUs: the slowest sets the pace",
        "In synchronous data-parallel training every step waits for the slowest GPU.", "PyTorch DDP semantics");

    public string Key => "training";
    public string Title => "Training";
    public IReadOnlyList<Rule> Rules { get; } = [DoesNotFit, Tight, HostRam, Compromise, Note, SlowestGpu, PowerLimitCost];

    public AnalysisResult Run(AnalysisContext analysisContext)
    {
        var rig = analysisContext.Rig;
        if (analysisContext.Plan.Training is not { } plan)
            return new AnalysisResult(Key, Title, [], [], []);

        var (job, context, estimate) = (plan.Job, plan.Rig, plan.Estimate);
        var findings = new List<Finding>();
        var worst = estimate.Worst;
        if (!estimate.Fits)
        {
            // A list sorted in place rather than OrderByDescending(...).Take(...).Select(...), whose Select is a generic
            // virtual method: slow the first time in a native binary.
            // Ties keep the breakdown's order, as the stable OrderByDescending did.
            var largest = worst.Breakdown.Select((line, index) => (line, index)).ToList();
            largest.Sort((a, b) => b.line.Amount.Value.CompareTo(a.line.Amount.Value) is var c and not 0 ? c : a.index.CompareTo(b.index));
            var biggest = largest.Take(3).ToList().ConvertAll(x => $"{x.line.Label.ToLowerInvariant()} {Gib(x.line.Amount)} GiB");
            findings.Add(Finding.Of(DoesNotFit,
                $"{job.Model.Name} {Describe(job.Settings)} needs {Gib(worst.Needed)} GiB on {worst.Gpu}, which has {Gib(worst.Usable)} GiB usable; the largest parts are {string.Join(", ", biggest)}.",
                "See the settings below, or run 'rigsmith fit RIG --search' for the ranked list.", rig.Gpus.Select(g => g.Gpu.Id).Distinct()));
            var best = plan.Candidates.FirstOrDefault();
            if (best is not null)
            {
                findings.Add(Finding.Of(Compromise,
                    $"Least compromise that fits: {string.Join(", ", best.Changes)} — {Gib(best.Estimate.Worst.Needed)} GiB needed, {best.Estimate.StepTime.Value:0.##} s per step.",
                    "Apply these settings in the rig file's workload section."));
            }
            else
            {
                findings.Add(Finding.Of(Compromise, "No setting in the search space fits this model on these GPUs.", "Use GPUs with more memory or a smaller model."));
            }
        }
        else if (estimate.Verdict == FitVerdict.Tight)
        {
            findings.Add(Finding.Of(Tight, $"{Gib(worst.Needed)} of {Gib(worst.Usable)} GiB on {worst.Gpu} ({1 - worst.Headroom:P0}).",
                "Leave headroom: enable gradient checkpointing, lower the batch, or cache text-encoder outputs."));
        }

        var installed = Bytes.From(rig.Memory.Sum(m => m.Module.Capacity.Value * m.Count));
        if (estimate.HostRam > installed)
        {
            findings.Add(Finding.Of(HostRam, $"The job needs about {Gib(estimate.HostRam)} GiB of host RAM; the rig has {Gib(installed)} GiB.",
                "Add RAM, use fewer processes, or keep cached latents on disk."));
        }

        if (context.Gpus.Select(g => (g.TensorBf16, g.TensorFp16, g.PowerLimit)).Distinct().Count() > 1)
            findings.Add(Finding.Of(SlowestGpu, "The GPUs differ in speed or power limit; data-parallel steps run at the slowest one's pace."));
        foreach (var note in estimate.Notes)
            findings.Add(Finding.Of(Note, note));

        var figures = Figures(estimate);
        if (plan is { AdvisedLimit: { } advised, AtAdvisedLimit: { } slower })
        {
            var kept = slower.SamplesPerSecond / estimate.SamplesPerSecond;
            figures.Add(new Figure("throughput_at_advised_limit", $"Throughput share at the advised {advised} limit", Math.Round(kept, 3)));
            findings.Add(Finding.Of(PowerLimitCost,
                $"At the electrically advised {advised} per GPU this job {Kept(kept, slower.SamplesPerSecond, estimate.SamplesPerSecond)}.",
                $"Set the limit with 'nvidia-smi -pl {Math.Floor(advised.Value)}' on each GPU."));
        }

        return new AnalysisResult(Key, Title, findings, figures, Tables(estimate));
    }

    /// <summary>
    /// "keeps 94 % of its throughput (1.04 instead of 1.11 samples/s)"; under half a percent lost is said as such with
    /// one rate, never "keeps 100 %" beside two rates that differ.
    /// </summary>
    // Concatenated: it fills a hole of an interpolated message (see Finding.Of).
    private static string Kept(double share, double capped, double asSet) => share >= 0.995
        ? "loses less than 1 % of its throughput (about " + Rate(asSet, 3) + " samples/s either way)"
        : "keeps " + (share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " % of its throughput (" + Distinct(capped, asSet) + " samples/s)";

    /// <summary>"1.04 instead of 1.11": the fewest significant figures (three or more) that tell the two rates apart.</summary>
    private static string Distinct(double a, double b)
    {
        var digits = 3;
        while (digits < 8 && Rate(a, digits) == Rate(b, digits))
            digits++;
        return Rate(a, digits) + " instead of " + Rate(b, digits);
    }

    private static string Rate(double samplesPerSecond, int significant) =>
        samplesPerSecond.ToString("G" + significant.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    public static string Gib(Bytes b) => Math.Round(b.Gibibytes, 1).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    // Concatenated: it fills a hole of an interpolated message (see Finding.Of).
    public static string Describe(TrainingSettings s) =>
        "(" + Input.MapReader.EnumName(s.Method) + ", " + Input.MapReader.EnumName(s.Precision) + ", " + Input.MapReader.EnumName(s.Optimizer)
        + ", batch " + s.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";

    private static List<Figure> Figures(FitEstimate e)
    {
        var worst = e.Worst;
        var figures = new List<Figure>
        {
            new("model", "Model", e.Model.Id),
            new("fits", "Fits", e.Fits),
            new("verdict", "Verdict", Input.MapReader.EnumName(e.Verdict)),
            new("gpus", "GPUs used", e.Gpus),
            new("trainable_parameters", "Trainable parameters", e.TrainableParameters),
            new("needed_gib", "Memory needed (worst GPU)", Math.Round(worst.Needed.Gibibytes, 2), "GiB"),
            new("peak_gib", "nvidia-smi reading (worst GPU)", Math.Round(worst.Peak.Gibibytes, 2), "GiB"),
            new("usable_gib", "Usable memory", Math.Round(worst.Usable.Gibibytes, 2), "GiB"),
            new("host_ram_gib", "Host RAM", Math.Round(e.HostRam.Gibibytes, 1), "GiB"),
            new("step_time_s", "Step time", Math.Round(e.StepTime.Value, 3), "s"),
            new("samples_per_s", "Samples per second", Math.Round(e.SamplesPerSecond, 3)),
            new("scaling_efficiency", "Scaling efficiency", Math.Round(e.ScalingEfficiency, 3)),
            new("run_hours", "Time for the run", Math.Round(e.Run.Hours, 2), "h"),
            new("energy_kwh", "Energy for the run", Math.Round(e.Energy.Value, 2), "kWh"),
        };
        if (e.Cost is { } cost)
        {
            figures.Add(new Figure("cost", $"Electricity cost ({cost.Currency})", (double)Math.Round(cost.Amount, 2)));
            // Same label as the cost, so people see one row ("1.59 (EUR)"); JSON keeps both fields.
            figures.Add(new Figure("cost_currency", $"Electricity cost ({cost.Currency})", cost.Currency));
        }
        return figures;
    }

    private static List<ReportTable> Tables(FitEstimate e) =>
    [
        new("per_gpu", "Memory per GPU", [new("gpu", "GPU"), new("needed_gib", "Needed GiB"), new("peak_gib", "nvidia-smi GiB"), new("usable_gib", "Usable GiB"), new("verdict", "Verdict")],
            e.PerGpu.Select(g => (IReadOnlyList<object?>)[g.Gpu, Math.Round(g.Needed.Gibibytes, 2), Math.Round(g.Peak.Gibibytes, 2), Math.Round(g.Usable.Gibibytes, 2), Input.MapReader.EnumName(g.Verdict)]).ToList()),
        new("breakdown", $"Memory breakdown ({e.Worst.Gpu})", [new("key", "Key"), new("item", "Item"), new("gib", "GiB")],
            e.Worst.Breakdown.Select(l => (IReadOnlyList<object?>)[l.Key, l.Label, Math.Round(l.Amount.Gibibytes, 2)]).ToList()),
    ];
}
