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

    /// <summary>
    /// The brute force estimates all 1,008 candidates of the reference job and the request (1,009). Estimating in order
    /// of the compromise each candidate is sure to reach and stopping past the top leaves 5 estimates for the top 1 that
    /// <c>check</c> asks for, and 12 for the top 5 of <c>fit --search</c>: every candidate whose sure compromise is within
    /// the fifth one's 0.1 (sharding, offload and the paged optimizer, in any combination) has to be looked at.
    /// </summary>
    [Theory]
    [InlineData(1, 100)]
    [InlineData(5, 50)]
    public void Searching_the_reference_rig_estimates_a_small_share_of_the_candidates(int top, int share)
    {
        var (job, rig) = Reference();

        var found = SettingsSearch.Search(job.Settings, job.Model, rig, top, out var statistics);

        Assert.Equal(top, found.Count);
        Assert.True(statistics.Candidates > 1000, $"{statistics.Candidates} candidates");
        Assert.True(statistics.Estimates * share <= statistics.Candidates + 1,
            $"{statistics.Estimates} estimates for {statistics.Candidates} candidates: more than 1/{share} of the brute force's");
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
