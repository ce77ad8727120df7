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
    public static TrainingPlan Build(RigModel rig, TrainingJob job, GpuInterconnect interconnect, ElectricalPlan electrical, int? searchTop)
    {
        PlanMetrics.Built(PlanMetrics.Training);
        var (context, installs, note) = Context(rig, job, interconnect, electrical.AsSet.Wall);
        var estimate = TrainingEstimator.Estimate(job.Settings, job.Model, context);
        if (note is not null)
            estimate = estimate with { Notes = [note, .. estimate.Notes] };
        var top = searchTop ?? (estimate.Fits ? 0 : 1);
        var candidates = top > 0 ? SettingsSearch.Search(job.Settings, job.Model, context, top) : [];

        FitEstimate? atAdvised = null;
        var advised = electrical.Advice.All;
        if (advised is { } cap && context.Gpus.Any(g => g.PowerLimit > cap))
        {
            // Each card is capped inside its own power-limit range, as the electrical model caps it.
            var capped = context with
            {
                Gpus = context.Gpus.Select((g, i) => g.PowerLimit > cap ? g with { PowerLimit = ElectricalModel.Clamp(cap, installs[i].Gpu) } : g).ToList(),
            };
            atAdvised = TrainingEstimator.Estimate(job.Settings, job.Model, capped);
        }

        return new TrainingPlan(job, context, estimate, candidates, advised, atAdvised);
    }

    /// <summary>
    /// The job's GPUs, their links to the host, the ring among exactly those GPUs and the wall draw. A GPU whose slot
    /// gives it no link cannot train, so the job runs on the first <c>gpus</c> GPUs that have one (the same GPUs the
    /// interconnect's ring is measured over), with a note when that is fewer than asked.
    /// </summary>
    private static (RigContext Context, IReadOnlyList<GpuInstall> Installs, string? Note) Context(RigModel rig, TrainingJob job, GpuInterconnect interconnect, Watts wall)
    {
        var asked = Math.Min(job.Settings.Gpus ?? rig.Gpus.Count, rig.Gpus.Count);
        var linked = interconnect.Live;
        if (linked.Count == 0)
        {
            // Nothing can train; estimate on the GPUs as installed, at the default host link, and say so.
            var unlinked = rig.Gpus.Take(asked).ToList();
            return (new RigContext(unlinked.Select(g => Target(g, null)).ToList(), GigabytesPerSecond.From(0), wall, HostMemoryBandwidth(rig)), unlinked,
                "No GPU of the job has a PCIe link in this rig (see the pcie findings); the estimate assumes they had one.");
        }

        var n = Math.Min(asked, linked.Count);
        var used = linked.Take(n).ToList();
        var gpus = used.Select(l => Target(l.Install, l.Link.Bandwidth)).ToList();
        var note = n < asked
            ? $"Only {n} of the {asked} GPUs asked for have a PCIe link in this rig (see the pcie findings); the job is estimated on those {n}."
            : null;
        return (new RigContext(gpus, interconnect.RingBusBandwidthOf(n), wall, HostMemoryBandwidth(rig)), used.Select(l => l.Install).ToList(), note);
    }

    /// <summary>
    /// The host's theoretical memory bandwidth: the channels the modules populate (no more than the CPUs have) at the
    /// slowest module's speed, no faster than the CPU's rated memory speed, 8 bytes a transfer. Null without modules.
    /// </summary>
    internal static GigabytesPerSecond? HostMemoryBandwidth(RigModel rig)
    {
        var modules = 0;
        var speed = rig.Cpu.Memory.MaxSpeed.Value;
        foreach (var m in rig.Memory)
        {
            modules += m.Count;
            speed = Math.Min(speed, m.Module.Speed.Value);
        }

        if (modules == 0 || speed <= 0)
            return null;
        var channels = Math.Min(rig.Cpu.Memory.Channels * Math.Max(1, rig.CpuCount), modules);
        return GigabytesPerSecond.From(channels * speed * 8 / 1000.0);
    }

    private static GpuTarget Target(GpuInstall g, GigabytesPerSecond? hostLink) =>
        new(g.Label, g.Gpu.Vram, g.Gpu.TensorBf16, g.Gpu.TensorFp16, g.PowerLimit, g.Gpu.BoardPower, g.DrivesDisplay, hostLink, g.Gpu.MemoryBandwidth);
}
