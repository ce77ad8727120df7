using Rigsmith.Catalog;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Spec;

/// <summary>What the build is judged by (docs/optimize.md).</summary>
public enum Objective
{
    /// <summary>The cheapest build on which the workload fits.</summary>
    LeastMoney,

    /// <summary>The most training samples per second; ties go to the cheaper build.</summary>
    MostThroughput,

    /// <summary>The most samples per second per unit of money (a ratio, solved by Dinkelbach's iteration).</summary>
    ThroughputPerMoney,

    /// <summary>The shortest run over the workload's dataset and epochs; within a budget this is the most samples per second.</summary>
    ShortestTime,
}

/// <summary>Which price observations count: new parts only, used only, or either (the newest of each part).</summary>
public enum ConditionChoice { Any, New, Used }

/// <summary>One training job of the spec and its weight (docs/optimize.md: what the weight means for each objective).</summary>
/// <param name="Workload">The job's settings as written (the rig file's keys).</param>
public sealed record SpecJob(IReadOnlyList<TrainingSettingsParser.Setting> Workload, TrainingJob Job, double Weight)
{
    /// <summary>The samples one run of the job goes through: its dataset times its epochs.</summary>
    public double SamplesPerRun => Job.Settings.DatasetSize * Job.Settings.Epochs;
}

/// <summary>A part the user already has: it costs nothing and the build must use it.</summary>
public sealed record OwnedPart(string Id, int Count, int Line);

/// <summary>
/// An optimizer spec file resolved against the catalog and the model zoo: the workload, the objective and the
/// constraints. Everything here has been checked; the problems of a bad file come back from <see cref="SpecReader"/>.
/// </summary>
public sealed record OptimizeSpec
{
    public required string File { get; init; }
    public required string Name { get; init; }

    /// <summary>The training jobs the build must run, each with its weight; the GPU count is the optimizer's choice.</summary>
    public required IReadOnlyList<SpecJob> Jobs { get; init; }

    /// <summary>The first job's settings as written: the workload of the rig file an answer is written as.</summary>
    public IReadOnlyList<TrainingSettingsParser.Setting> Workload => Jobs[0].Workload;

    /// <summary>The first job: the one an answer's rig file carries.</summary>
    public TrainingJob Job => Jobs[0].Job;
    public required Objective Objective { get; init; }

    /// <summary>The most the parts may cost, in <see cref="Currency"/>; null for no limit.</summary>
    public Money? Budget { get; init; }

    /// <summary>The currency prices are compared in; prices in others need a rate in the price book.</summary>
    public required string Currency { get; init; }

    public required Site Site { get; init; }
    public required int GpusMin { get; init; }
    public required int GpusMax { get; init; }

    /// <summary>The chassis kinds allowed; empty: any.</summary>
    public required IReadOnlyList<ChassisKind> ChassisKinds { get; init; }

    /// <summary>The largest chassis allowed, as its outside volume in litres; null for any size.</summary>
    public double? ChassisSize { get; init; }

    /// <summary>The most heat the rig may put into the room (its wall draw); null for no limit beyond the circuit.</summary>
    public Watts? HeatLimit { get; init; }

    public required ConditionChoice Condition { get; init; }
    public required IReadOnlyList<OwnedPart> Owned { get; init; }
    public required IReadOnlyList<string> Excluded { get; init; }

    /// <summary>The price book file named by the spec (resolved against the spec's folder); null when none.</summary>
    public string? PriceBookFile { get; init; }

    /// <summary>The least system memory; null: as much as the GPUs hold together, and what the workload needs on the host.</summary>
    public Bytes? SystemMemory { get; init; }

    /// <summary>The least capacity of the one drive the build gets.</summary>
    public required Bytes Storage { get; init; }

    /// <summary>The solver's wall-clock limit for the whole search.</summary>
    public required Seconds TimeLimit { get; init; }

    /// <summary>The day prices are judged against: older than a year is flagged.</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// What a build is judged by, from each job's samples per second (in the order of <see cref="Jobs"/>): effective
    /// samples per second over the jobs, which is the job's own with one. For the shortest time, the samples of every
    /// job's runs (its weight times its dataset and epochs) over the time they all take; otherwise the mean over the
    /// machine's time with each job running its weight's share of it. Zero when a job does not run.
    /// </summary>
    public double Score(IReadOnlyList<double> samplesPerSecond)
    {
        if (Jobs.Count == 1)
            return samplesPerSecond[0];
        if (samplesPerSecond.Any(s => s <= 0))
            return 0;
        if (Objective == Objective.ShortestTime)
        {
            var samples = Jobs.Sum(j => j.Weight * j.SamplesPerRun);
            var seconds = Jobs.Select((j, i) => j.Weight * j.SamplesPerRun / samplesPerSecond[i]).Sum();
            return samples / seconds;
        }

        return Jobs.Select((j, i) => j.Weight * samplesPerSecond[i]).Sum() / Jobs.Sum(j => j.Weight);
    }
}
