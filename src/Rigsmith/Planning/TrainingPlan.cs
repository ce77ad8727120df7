using Rigsmith.Planning.Electrical;
using Rigsmith.Planning.Pcie;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Planning;

/// <summary>
/// The training job on this rig: the rig as the training model sees it (GPUs, their host links, the all-reduce
/// bandwidth among the job's GPUs, the wall draw), the estimate, the settings that fit with the least compromise, and
/// what the electrically advised power limit would cost in throughput.
/// </summary>
/// <param name="Candidates">The settings search's ranking: the top ones asked for, or by default the single best when the job as set does not fit; empty otherwise.</param>
/// <param name="AtAdvisedLimit">The estimate with every GPU above the advised limit capped to it; null when no GPU is above it.</param>
public sealed record TrainingPlan(TrainingJob Job, RigContext Rig, FitEstimate Estimate, IReadOnlyList<SearchCandidate> Candidates, Watts? AdvisedLimit, FitEstimate? AtAdvisedLimit)
{
    public static TrainingPlan Build(RigModel rig, TrainingJob job, PcieTopology pcie, GpuInterconnect interconnect, ElectricalPlan electrical, int? searchTop)
    {
        PlanMetrics.Built(PlanMetrics.Training);
        var context = Context(rig, job, pcie, interconnect, electrical.AsSet.Wall);
        var estimate = TrainingEstimator.Estimate(job.Settings, job.Model, context);
        var top = searchTop ?? (estimate.Fits ? 0 : 1);
        var candidates = top > 0 ? SettingsSearch.Search(job.Settings, job.Model, context, top) : [];

        FitEstimate? atAdvised = null;
        var advised = electrical.Advice.All;
        if (advised is { } cap && context.Gpus.Any(g => g.PowerLimit > cap))
        {
            var capped = context with { Gpus = context.Gpus.Select(g => g.PowerLimit > cap ? g with { PowerLimit = cap } : g).ToList() };
            atAdvised = TrainingEstimator.Estimate(job.Settings, job.Model, capped);
        }

        return new TrainingPlan(job, context, estimate, candidates, advised, atAdvised);
    }

    /// <summary>The job's GPUs (the first <c>gpus</c> of the rig), their links to the host, the ring among them and the wall draw.</summary>
    private static RigContext Context(RigModel rig, TrainingJob job, PcieTopology pcie, GpuInterconnect interconnect, Watts wall)
    {
        var n = Math.Min(job.Settings.Gpus ?? rig.Gpus.Count, rig.Gpus.Count);
        var links = pcie.Gpus.ToList();
        var gpus = rig.Gpus.Take(n).Select((g, i) => new GpuTarget(g.Label, g.Gpu.Vram, g.Gpu.TensorBf16, g.Gpu.TensorFp16, g.PowerLimit, g.Gpu.BoardPower,
            g.DrivesDisplay, links[i].Bandwidth)).ToList();
        return new RigContext(gpus, interconnect.RingBusBandwidthOf(n), wall);
    }
}
