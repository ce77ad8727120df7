using Rigsmith.Doctor.Observations;
using Rigsmith.Planning;
using Rigsmith.Rigs;
using Rigsmith.Training;

namespace Rigsmith.Analysis;

/// <summary>
/// What every analysis reads: the rig as loaded and its plan, built once before any analysis runs. The doctor's
/// observations of the live machine join here.
/// </summary>
public sealed record AnalysisContext(RigModel Rig, RigPlan Plan)
{
    /// <summary>The training job the plan was built for; null when the rig has none.</summary>
    public TrainingJob? Job => Plan.Training?.Job;

    /// <summary>What the doctor read from the live machine; null for a check of the plan alone.</summary>
    public MachineObservations? Machine { get; init; }

    /// <summary>Builds the plan for <paramref name="rig"/> and wraps both.</summary>
    public static AnalysisContext For(RigModel rig, TrainingJob? job = null, PlanOptions? options = null) => new(rig, Planner.Build(rig, job, options));
}
