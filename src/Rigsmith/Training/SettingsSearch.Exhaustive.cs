using Rigsmith.Training.Models;

namespace Rigsmith.Training;

public static partial class SettingsSearch
{
    /// <summary>
    /// The search by brute force: every candidate of the cartesian product is estimated, those that fit are ranked by
    /// compromise, then step time, then the order they were enumerated in (a stable sort), and the first <paramref name="top"/>
    /// kept. It is the reference <see cref="Search(TrainingSettings, ModelSpec, RigContext, int)"/> must agree with
    /// exactly (tests compare the two); the command line never runs it.
    /// </summary>
    internal static IReadOnlyList<SearchCandidate> Exhaustive(TrainingSettings requested, ModelSpec model, RigContext rig, int top = 5)
    {
        var baseline = TrainingEstimator.Estimate(requested, model, rig);
        var results = new List<SearchCandidate>();
        foreach (var candidate in Candidates(requested, model, rig))
        {
            var estimate = TrainingEstimator.Estimate(candidate, model, rig);
            if (!estimate.Fits)
                continue;
            var (cost, changes) = Compromise(requested, candidate, estimate, baseline);
            results.Add(new SearchCandidate(estimate, cost, changes));
        }

        return results
            .OrderBy(c => c.Compromise)
            .ThenBy(c => c.Estimate.StepTime.Value)
            .Take(top)
            .ToList();
    }

    private static IEnumerable<TrainingSettings> Candidates(TrainingSettings r, ModelSpec model, RigContext rig)
    {
        var diffusion = model.Family == ModelFamily.Diffusion;
        var n = r.Gpus ?? rig.Gpus.Count;
        var methods = r.Method == TrainingMethod.Full ? new[] { TrainingMethod.Full, TrainingMethod.Lora } : [r.Method];
        var textEncoder = r.TrainTextEncoder ? new[] { true, false } : [false];
        var fractions = new[] { 1.0, 0.9, 0.8, 0.7, 0.6, 0.5 }.Where(f => f <= r.TrainableFraction + 1e-9).DefaultIfEmpty(r.TrainableFraction).ToArray();
        var optimizers = new[] { r.Optimizer, Optimizer.Adamw8bit, Optimizer.Adafactor, Optimizer.Lion8bit, Optimizer.PagedAdamw8bit }.Distinct().ToArray();
        var precisions = new[] { r.Precision, Precision.FullBf16 }.Distinct().ToArray();
        var batches = new[] { r.Batch, Math.Max(1, r.Batch / 2), 1 }.Distinct().ToArray();
        var sizes = diffusion
            ? new[] { r.Resolution, r.Resolution - 128, r.Resolution - 256 }.Where(x => x >= 256).Distinct().ToArray()
            : new[] { r.SequenceLength, r.SequenceLength / 2 }.Where(x => x >= 128).Distinct().ToArray();
        var parallels = n > 1 ? new[] { r.Parallel, Parallelism.Zero2, Parallelism.Fsdp2 }.Distinct().ToArray() : [r.Parallel];
        var offloads = new[] { r.Offload, Offload.Optimizer }.Distinct().ToArray();

        return from method in methods
               from te in textEncoder
               from fraction in method == TrainingMethod.Full ? fractions : [1.0]
               from optimizer in optimizers
               from precision in precisions
               from fused in new[] { false, true }
               from batch in batches
               from size in sizes
               from parallel in parallels
               from offload in offloads
               let accumulation = Math.Max(1, r.Batch * r.GradientAccumulation / batch)
               // Fused backward steps each weight as its gradient arrives: one GPU, no gradient accumulation (torchtune, kohya).
               where !fused || (accumulation == 1 && n == 1)
               select r with
               {
                   Method = method,
                   TrainTextEncoder = te,
                   TrainableFraction = fraction,
                   Optimizer = optimizer,
                   Precision = precision,
                   GradientCheckpointing = true,
                   FusedBackward = fused,
                   Batch = batch,
                   GradientAccumulation = accumulation,
                   Resolution = diffusion ? size : r.Resolution,
                   SequenceLength = diffusion ? r.SequenceLength : size,
                   Parallel = parallel,
                   Offload = offload,
                   CacheLatents = diffusion || r.CacheLatents,
                   CacheTextEncoderOutputs = diffusion && !te || r.CacheTextEncoderOutputs,
               };
    }

}
