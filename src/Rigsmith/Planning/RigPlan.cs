using Rigsmith.Planning.Electrical;
using Rigsmith.Planning.Pcie;
using Rigsmith.Planning.Physical;
using Rigsmith.Rigs;
using Rigsmith.Training;

namespace Rigsmith.Planning;

/// <summary>What the plan stage computes beyond the defaults.</summary>
/// <param name="SearchTop">How many settings the search ranks for the training job; by default only the best, and only when the job as set does not fit (the check's TRN604); 0 for none.</param>
/// <param name="SlotVoltageSweep">Solve the slot path at every GPU power cap the cards accept (the HTML report's chart).</param>
public sealed record PlanOptions(int? SearchTop = null, bool SlotVoltageSweep = false)
{
    public static readonly PlanOptions Default = new();
}

/// <summary>
/// The rig as planned, computed once before any analysis runs and read by every analysis and renderer: the PCIe
/// topology with negotiated links, the GPU-to-GPU paths, the electrical state with its power-limit advice, the physical
/// layout with the gaps between cards, and the training job on this rig when the rig has one. Immutable.
/// </summary>
public sealed record RigPlan(PcieTopology Pcie, GpuInterconnect Interconnect, ElectricalPlan Electrical, PhysicalLayout Layout, TrainingPlan? Training);

/// <summary>The plan stage: the one place where the models are built from a loaded rig.</summary>
public static class Planner
{
    public static RigPlan Build(RigModel rig, TrainingJob? job = null, PlanOptions? options = null)
    {
        options ??= PlanOptions.Default;
        var pcie = PcieTopology.Build(rig);
        var interconnect = GpuInterconnect.Build(rig, pcie);
        var electrical = ElectricalPlan.Build(rig, options.SlotVoltageSweep);
        var layout = PhysicalLayout.Build(rig);
        var training = job is not null && rig.Gpus.Count > 0 ? TrainingPlan.Build(rig, job, interconnect, electrical, options.SearchTop) : null;
        return new RigPlan(pcie, interconnect, electrical, layout, training);
    }

    /// <summary>The same rig's plan for another training job: the hardware models are the job's own inputs, so they are kept.</summary>
    public static RigPlan WithJob(RigPlan plan, RigModel rig, TrainingJob job, PlanOptions? options = null) =>
        plan with { Training = rig.Gpus.Count > 0 ? TrainingPlan.Build(rig, job, plan.Interconnect, plan.Electrical, (options ?? PlanOptions.Default).SearchTop) : null };
}
