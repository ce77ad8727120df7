using Rigsmith.Input;
using Rigsmith.Training.Models;
using Rigsmith.Units;

namespace Rigsmith.Training.Validation;

public enum MemoryKind { Allocated, Reserved, Smi }

/// <summary>
/// What a case is for: checked on (held out, the default), fitted on (<c>use: calibration</c>), or kept with its raw
/// result but counted nowhere (<c>use: superseded</c>: a run whose settings turned out not to describe what ran, replaced
/// by a corrected one; its note says why).
/// </summary>
public enum CaseUse { HeldOut, Calibration, Superseded }

/// <summary>A published measurement of a training run: its settings, GPU and what was measured.</summary>
public sealed record MeasuredCase(
    string Id,
    string Source,
    string Note,
    CaseUse Use,
    GpuTarget Gpu,
    int Gpus,
    TrainingSettings Settings,
    double? MemoryGib,
    MemoryKind Kind,
    double? TokensPerSecond,
    double? SecondsPerStep,
    bool OutOfMemory = false,
    bool FitsWithoutFigure = false)
{
    /// <summary>Whether the case set a fitted constant.</summary>
    public bool Calibration => Use == CaseUse.Calibration;

    /// <summary>Whether the case counts in the held-out figures: neither fitted on nor superseded.</summary>
    public bool HeldOut => Use == CaseUse.HeldOut;
}

/// <summary>
/// The model's answer for one case next to the measurement, with the relative error of each figure. A case that
/// measured memory ran as described and fitted its card, and one that raised out-of-memory did not: both have a
/// verdict. A speed-only case may describe a sharded run as one GPU (M6), so it has none. <see cref="PredictedFits"/>
/// is the model's verdict on the same card (tight counts as fitting).
/// </summary>
/// <param name="FasterThanPeak">
/// The measured step is shorter than the settings' matrix multiplications take at the GPU's dense peak
/// (<see cref="FitEstimate.ComputeAtDensePeak"/>): the run cannot have used the settings the case gives, so its figures
/// check nothing and the case counts nowhere, like a superseded one.
/// </param>
public sealed record CaseResult(MeasuredCase Case, ModelFamily Family, double? PredictedMemoryGib, double? MemoryError, double? PredictedSecondsPerStep, double? MeasuredSecondsPerStep, double? SpeedError,
    bool PredictedFits, bool FasterThanPeak = false)
{
    public bool HasVerdict => Case.MemoryGib is not null || Case.OutOfMemory || Case.FitsWithoutFigure;
    public bool VerdictRight => PredictedFits != Case.OutOfMemory;

    /// <summary>Counts in the held-out figures: held out, and its settings can describe what ran.</summary>
    public bool Counts => Case.HeldOut && !FasterThanPeak;

    /// <summary>Model GiB less measured GiB: the bound on diffusion memory is in GiB.</summary>
    public double? MemoryErrorGib => PredictedMemoryGib - Case.MemoryGib;

    /// <summary>
    /// Relative error of the throughput (images/s or tokens/s): the model's ÷ the measured − 1, which is the measured
    /// step time ÷ the model's − 1.
    /// </summary>
    public double? ThroughputError => MeasuredSecondsPerStep / PredictedSecondsPerStep - 1;
}

/// <summary>Loads models/measurements.yaml and runs the training model over it.</summary>
public static class MeasuredCases
{
    public static LoadResult<IReadOnlyList<MeasuredCase>> Load(string path)
    {
        var sink = new ProblemSink(path);
        var root = YamlInput.LoadRootMapping(path, sink);
        if (root is null)
            return LoadResult<IReadOnlyList<MeasuredCase>>.Failure(sink.Problems);
        var file = new MapReader(root, "", sink);
        var gpus = new Dictionary<string, GpuTarget>(StringComparer.Ordinal);
        var gpuMap = file.Map("gpus");
        if (gpuMap is not null)
        {
            foreach (var (key, _) in gpuMap.Node.Children)
            {
                var name = key.ToString();
                var g = gpuMap.Map(name);
                if (g is null)
                    continue;
                var vram = g.Quantity("vram", UnitSpec.DataSize, 1e9, 1e12);
                var bf16 = g.Quantity("tensor_bf16", UnitSpec.Throughput, 1, 10000);
                var bandwidth = g.Quantity("memory_bandwidth", UnitSpec.Bandwidth, 10, 20000, required: false);
                g.String("source");
                g.String("memory_bandwidth_source", required: bandwidth is not null);
                g.Finish();
                if (vram is not null && bf16 is not null)
                {
                    // No power limit is set in these runs: the GPUs ran at their board power.
                    gpus[name] = new GpuTarget(name, Bytes.From(vram.Value), TeraFlops.From(bf16.Value), TeraFlops.From(bf16.Value), Watts.From(1), Watts.From(1),
                        MemoryBandwidth: bandwidth is null ? null : GigabytesPerSecond.From(bandwidth.Value));
                }
            }

            gpuMap.Finish();
        }

        var cases = new List<MeasuredCase>();
        foreach (var c in file.MapList("cases"))
        {
            var id = c.String("id");
            var source = c.String("source");
            var note = c.String("note");
            var use = c.Enum<CaseUse>("use", required: false);
            var gpuName = c.String("gpu");
            var count = c.Int("gpus", required: false, min: 1, max: 64) ?? 1;
            var settingsMap = c.Map("settings");
            var memory = c.Number("memory_gib", required: false, min: 0.1, max: 1000);
            var kind = c.Enum<MemoryKind>("kind", required: memory is not null);
            var tokens = c.Number("tokens_per_s", required: false, min: 0.01, max: 1e9);
            var seconds = c.Number("seconds_per_step", required: false, min: 0.001, max: 1e6);
            var outOfMemory = c.Bool("out_of_memory", required: false) ?? false;
            // fits: true is a run known to have fitted its card whose memory nobody measured.
            var fits = c.Bool("fits", required: false) ?? false;
            if (outOfMemory && (memory is not null || tokens is not null || seconds is not null))
                sink.Add(c.NodeOf("out_of_memory"), c.FieldPath("out_of_memory"), "a run that ran out of memory has no memory or speed figure", "remove memory_gib, tokens_per_s and seconds_per_step");
            if (fits && (outOfMemory || memory is not null))
                sink.Add(c.NodeOf("fits"), c.FieldPath("fits"), "fits: true is for a run that fitted without a memory figure", outOfMemory ? "a run cannot both fit and run out of memory" : "remove fits: a memory figure says the run fitted");
            c.Finish();
            if (id is null || source is null || note is null || gpuName is null || settingsMap is null)
                continue;
            if (!gpus.TryGetValue(gpuName, out var gpu))
            {
                sink.Add(c.NodeOf("gpu"), c.FieldPath("gpu"), $"unknown GPU '{gpuName}'", Suggestions.DidYouMean(gpuName, gpus.Keys));
                continue;
            }

            var problems = new List<InputProblem>();
            var settings = TrainingSettingsParser.Parse(
                settingsMap.Node.Children.Select(kv => new TrainingSettingsParser.Setting(kv.Key.ToString(), kv.Value.ToString(), path, (int)kv.Value.Start.Line, (int)kv.Value.Start.Column)),
                problems);
            foreach (var p in problems)
                sink.Add(c.Node, p.Field, p.Message, p.Suggestion);
            if (settings is not null)
                cases.Add(new MeasuredCase(id, source, note, use ?? CaseUse.HeldOut, gpu, count, settings with { Gpus = count }, memory, kind ?? MemoryKind.Reserved, tokens, seconds, outOfMemory, fits));
        }

        file.Finish();
        return sink.Any ? LoadResult<IReadOnlyList<MeasuredCase>>.Failure(sink.Problems) : LoadResult<IReadOnlyList<MeasuredCase>>.Success(cases);
    }

    /// <summary>Runs the model over each case: predicted memory of the measured kind and step time, with relative errors.</summary>
    public static IReadOnlyList<CaseResult> Evaluate(IEnumerable<MeasuredCase> cases, ModelZoo zoo)
    {
        var results = new List<CaseResult>();
        foreach (var c in cases)
        {
            var model = zoo.Find(c.Settings.Model) ?? throw new InvalidDataException($"case {c.Id}: unknown model {c.Settings.Model}");
            // Multi-GPU cases ran on fast interconnects; the bandwidth matters only for their speed, which is not checked.
            var rig = new RigContext(Enumerable.Repeat(c.Gpu, c.Gpus).ToList(), GigabytesPerSecond.From(100), Watts.From(0));
            var estimate = TrainingEstimator.Estimate(c.Settings, model, rig);
            var gpu = estimate.PerGpu[0];
            double? predictedMemory = null, memoryError = null;
            if (c.MemoryGib is { } measured)
            {
                // max_memory_allocated: what the job needs less what lives outside PyTorch's allocator (context, NCCL, the
                // desktop) and the workspaces; max_memory_reserved: that plus the allocator's cache and the workspaces it
                // also holds; nvidia-smi: everything.
                var outside = gpu.Breakdown.Where(l => l.Key is "cuda_context" or "nccl_buffers" or "display").Sum(l => l.Amount.Value);
                var workspace = gpu.Breakdown.Where(l => l.Key is "workspace").Sum(l => l.Amount.Value);
                var predicted = c.Kind switch
                {
                    MemoryKind.Allocated => gpu.Needed.Value - outside - workspace,
                    MemoryKind.Reserved => gpu.Peak.Value - outside,
                    _ => gpu.Peak.Value,
                };
                predictedMemory = predicted / Bytes.GiB;
                memoryError = predictedMemory / measured - 1;
            }

            double? measuredStep = c.SecondsPerStep
                ?? (c.TokensPerSecond is { } tps ? c.Settings.Batch * c.Settings.SequenceLength * c.Settings.GradientAccumulation / tps : null);
            double? speedError = measuredStep is null ? null : estimate.StepTime.Value / measuredStep - 1;
            var fasterThanPeak = measuredStep is { } m && m < estimate.ComputeAtDensePeak.Value;
            // A run that did not fit measured no step time: its predicted one is not shown.
            results.Add(new CaseResult(c, model.Family, predictedMemory, memoryError, c.OutOfMemory ? null : estimate.StepTime.Value, measuredStep, speedError, estimate.Fits, fasterThanPeak));
        }

        return results;
    }
}
