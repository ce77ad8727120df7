using Rigsmith.Training.Models;

namespace Rigsmith.Training;

/// <summary>A candidate setting that fits, with how much it gives up against what was asked for.</summary>
public sealed record SearchCandidate(FitEstimate Estimate, double Compromise, IReadOnlyList<string> Changes);

/// <summary>
/// Finds the settings that fit with the least compromise: it varies what trainers let users trade (trainable share,
/// text-encoder training, optimizer, precision, checkpointing, fused backward, batch with accumulation, resolution or
/// sequence length, sharding, offload) and ranks the candidates that fit.
/// </summary>
/// <remarks>
/// The compromise weights are an assumption of this tool, documented in docs/models/training.md: losing quality
/// (frozen weights, untrained text encoders, lower resolution, lossier optimizers or precisions, LoRA instead of a
/// full fine-tune) costs more than losing speed, which is charged at 0.5 per halving of throughput.
/// </remarks>
public static partial class SettingsSearch
{
    private static readonly Dictionary<Optimizer, double> OptimizerCost = new()
    {
        [Optimizer.Adamw] = 0,
        [Optimizer.Prodigy] = 0,
        [Optimizer.Adamw8bit] = 0.1,
        [Optimizer.PagedAdamw8bit] = 0.1,
        [Optimizer.Lion] = 0.2,
        [Optimizer.Lion8bit] = 0.3,
        [Optimizer.Adafactor] = 0.3,
        [Optimizer.SgdMomentum] = 0.6,
        [Optimizer.Sgd] = 0.8,
    };

    private static readonly Dictionary<Precision, double> PrecisionCost = new()
    {
        [Precision.Fp32] = 0,
        [Precision.Bf16Mixed] = 0,
        [Precision.Fp16Mixed] = 0.05,
        [Precision.FullBf16] = 0.2,
        [Precision.FullFp16] = 0.3,
        [Precision.Fp8] = 0.4,
    };

    public static IReadOnlyList<SearchCandidate> Search(TrainingSettings requested, ModelSpec model, RigContext rig, int top = 5) =>
        Exhaustive(requested, model, rig, top);

    private static (double Cost, IReadOnlyList<string> Changes) Compromise(TrainingSettings r, TrainingSettings c, FitEstimate e, FitEstimate baseline)
    {
        var cost = 0.0;
        var changes = new List<string>();
        void Charge(bool changed, double amount, string what)
        {
            if (!changed)
                return;
            cost += amount;
            changes.Add(what);
        }

        Charge(c.Method != r.Method, c.Method == TrainingMethod.Lora ? 1.5 : 2.0, $"{Name(c.Method)} instead of {Name(r.Method)}");
        Charge(r.TrainTextEncoder && !c.TrainTextEncoder, 1.0, "text encoders frozen");
        Charge(c.TrainableFraction < r.TrainableFraction - 1e-9, 3 * (r.TrainableFraction - c.TrainableFraction), $"train {c.TrainableFraction:P0} of the weights");
        Charge(c.Resolution < r.Resolution, 4.0 * (r.Resolution - c.Resolution) / r.Resolution, $"{c.Resolution} px");
        Charge(c.SequenceLength < r.SequenceLength, 4.0 * (r.SequenceLength - c.SequenceLength) / r.SequenceLength, $"sequence {c.SequenceLength}");
        Charge(c.Optimizer != r.Optimizer, Math.Max(0, OptimizerCost[c.Optimizer] - OptimizerCost[r.Optimizer]), $"optimizer {Name(c.Optimizer)}");
        Charge(c.Precision != r.Precision, Math.Max(0, PrecisionCost[c.Precision] - PrecisionCost[r.Precision]), $"precision {Name(c.Precision)}");
        if (c.Batch != r.Batch)
            changes.Add($"batch {c.Batch} x {c.GradientAccumulation} accumulation");
        if (c.GradientCheckpointing && !r.GradientCheckpointing)
            changes.Add("gradient checkpointing");
        if (c.FusedBackward && !r.FusedBackward)
            changes.Add("fused backward pass");
        if (c.Parallel != r.Parallel)
            changes.Add(Name(c.Parallel));
        if (c.Offload != r.Offload)
            changes.Add($"offload {Name(c.Offload)}");
        if (c.CacheTextEncoderOutputs && !r.CacheTextEncoderOutputs)
            changes.Add("cached text-encoder outputs");
        if (c.CacheLatents && !r.CacheLatents)
            changes.Add("cached latents");

        // A little for each change, so that of two equal candidates the simpler comes first.
        cost += 0.01 * changes.Count;

        // Speed: 0.5 per halving of throughput against the requested settings' estimate.
        var slowdown = Math.Log2(Math.Max(1, baseline.SamplesPerSecond / e.SamplesPerSecond));
        cost += 0.5 * slowdown;
        return (cost, changes);
    }

    private static string Name<T>(T value)
        where T : struct, Enum => Input.MapReader.EnumName(value);
}
