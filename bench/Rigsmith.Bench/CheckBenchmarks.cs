using BenchmarkDotNet.Attributes;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Reporting;
using Rigsmith.Rigs;
using Rigsmith.Training;
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

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryRoot();
        _catalogDirectory = Path.Combine(root, "catalog");
        _rigFile = Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml");
        _catalog = CatalogLoader.LoadDirectory(_catalogDirectory).Value!;
        _zoo = ModelZoo.Load(Path.Combine(root, "models")).Value!;
    }

    [Benchmark]
    public PartCatalog LoadCatalog() => CatalogLoader.LoadDirectory(_catalogDirectory).Value!;

    /// <summary>
    /// Rig load, workload resolution, every analysis (the training one includes a settings search, since the reference
    /// job does not fit) and the JSON rendering, with the catalog and model zoo already loaded.
    /// </summary>
    [Benchmark]
    public string CheckReferenceRig() => JsonReport.Render(Analyzer.Check(Load(_catalog, _zoo)));

    /// <summary>What one `rigsmith check` does in-process: catalog load, rig load, analyses, JSON.</summary>
    [Benchmark]
    public string CheckReferenceRigFromScratch()
    {
        var catalog = CatalogLoader.LoadDirectory(_catalogDirectory).Value!;
        var zoo = ModelZoo.Load(Path.Combine(RepositoryRoot(), "models")).Value!;
        return JsonReport.Render(Analyzer.Check(Load(catalog, zoo)));
    }

    private RigModel Load(PartCatalog catalog, ModelZoo zoo)
    {
        var rig = RigLoader.Load(_rigFile, catalog).Value!;
        return rig with { Training = TrainingJobs.Resolve(TrainingJobs.FromWorkload(rig.Workload!), zoo, rig, []) };
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "rigsmith.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
