using BenchmarkDotNet.Attributes;
using Rigsmith.Catalog;
using Rigsmith.Planning;
using Rigsmith.Rigs;
using Rigsmith.Training;
using Rigsmith.Training.Models;

namespace Rigsmith.Bench;

/// <summary>One training estimate and one full settings search for the reference rig's SDXL workload.</summary>
[MemoryDiagnoser]
public class FitBenchmarks
{
    private TrainingJob _job = null!;
    private RigContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        var catalog = CatalogLoader.LoadDirectory(Path.Combine(root, "catalog")).Value!;
        var rig = RigLoader.Load(Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml"), catalog).Value!;
        var zoo = ModelZoo.Load(Path.Combine(root, "models")).Value!;
        _job = TrainingJobs.Resolve(TrainingJobs.FromWorkload(rig.Workload!), zoo, rig, [])!;
        _context = Planner.Build(rig, _job).Training!.Rig;
    }

    [Benchmark]
    public FitEstimate Fit() => TrainingEstimator.Estimate(_job.Settings, _job.Model, _context);

    /// <summary>The top 5, as <c>rigsmith fit --search</c> asks for by default.</summary>
    [Benchmark]
    public IReadOnlyList<SearchCandidate> Search() => SettingsSearch.Search(_job.Settings, _job.Model, _context);

    /// <summary>The best one, as <c>rigsmith check</c> asks for when the job does not fit.</summary>
    [Benchmark]
    public IReadOnlyList<SearchCandidate> SearchBest() => SettingsSearch.Search(_job.Settings, _job.Model, _context, 1);
}
