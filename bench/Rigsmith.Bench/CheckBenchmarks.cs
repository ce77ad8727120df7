using BenchmarkDotNet.Attributes;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Training.Models;

namespace Rigsmith.Bench;

/// <summary>Catalog load and a full in-process check of the reference rig (README: how to run).</summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private string _catalogDirectory = "";
    private string _rigFile = "";
    private PartCatalog _catalog = null!;
    private ModelZoo _zoo = null!;
    private LoadedRig _loaded = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot();
        _catalogDirectory = Path.Combine(root, "catalog");
        _rigFile = Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml");
        _catalog = CatalogLoader.LoadDirectory(_catalogDirectory).Value!;
        _zoo = ModelZoo.Load(Path.Combine(root, "models")).Value!;
        _loaded = RigInput.Load(RigSource.File(_rigFile), _catalog, () => LoadResult<ModelZoo>.Success(_zoo)).Value!;
    }

    [Benchmark]
    public PartCatalog LoadCatalog() => CatalogLoader.LoadDirectory(_catalogDirectory).Value!;

    /// <summary>
    /// Rig load, workload resolution, the plan (which includes a settings search, since the reference job does not
    /// fit), every analysis and the JSON rendering, with the catalog and model zoo already loaded.
    /// </summary>
    [Benchmark]
    public string CheckReferenceRig() => JsonReport.Render(Check(_catalog, _zoo));

    /// <summary>The plan stage alone: topology, interconnect, electrical state and advice, layout, training estimate and search.</summary>
    [Benchmark]
    public RigPlan PlanReferenceRig() => Planner.Build(_loaded.Rig, _loaded.Job);

    /// <summary>What one `rigsmith check` does in-process: catalog load, rig load, analyses, JSON.</summary>
    [Benchmark]
    public string CheckReferenceRigFromScratch()
    {
        var catalog = CatalogLoader.LoadDirectory(_catalogDirectory).Value!;
        var zoo = ModelZoo.Load(Path.Combine(RepositoryRoot(), "models")).Value!;
        return JsonReport.Render(Check(catalog, zoo));
    }

    private Report Check(PartCatalog catalog, ModelZoo zoo)
    {
        var loaded = RigInput.Load(RigSource.File(_rigFile), catalog, () => LoadResult<ModelZoo>.Success(zoo)).Value!;
        return Analyzer.Check(loaded.Rig, loaded.Job);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "rigsmith.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
