using Rigsmith.Planning;
using Rigsmith.Tests.Support;
using Rigsmith.Training;

namespace Rigsmith.Tests.Training;

/// <summary>
/// What the settings search and one estimate cost, counted rather than timed so that the tests do not depend on the
/// machine: estimates made by a search, and bytes allocated by one estimate.
/// </summary>
public class SearchCostTests
{
    private static (TrainingJob Job, RigContext Rig) Reference()
    {
        var loaded = Repo.LoadWithJob("4x3090-x299-dark.rig.yaml");
        return (loaded.Job!, Planner.Build(loaded.Rig, loaded.Job!).Training!.Rig);
    }

    [Fact]
    public void One_estimate_of_the_reference_job_allocates_little()
    {
        var (job, rig) = Reference();
        TrainingEstimator.Estimate(job.Settings, job.Model, rig); // profiles built and their sums cached, code jitted

        var before = GC.GetAllocatedBytesForCurrentThread();
        var estimate = TrainingEstimator.Estimate(job.Settings, job.Model, rig);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(estimate.Fits);
        // The estimate, its per-GPU fits and their breakdown lines: about 2 KB for four GPUs (it was 28 KB with LINQ).
        Assert.True(allocated < 4096, $"one estimate allocated {allocated} bytes");
    }
}
