using BenchmarkDotNet.Attributes;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Training.Models;

namespace Rigsmith.Bench;

/// <summary>
/// An in-process check of the reference rig against catalogs of 1x, 10x and 100x the shipped parts: the check reads
/// only the parts the rig names, so its time must not grow with the catalog (the issue allows 10 % between 1x and 100x).
/// </summary>
[MemoryDiagnoser]
public class CatalogScalingBenchmarks
{
    private PartCatalog _catalog = null!;
    private ModelZoo _zoo = null!;
    private string _rigFile = "";

    [Params(1, 10, 100)]
    public int CatalogScale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        var shipped = CatalogLoader.LoadDirectory(Path.Combine(root, "catalog")).Value!;
        // Copies under new ids: as many parts per category as a catalog CatalogScale times the size would hold.
        var copies = Enumerable.Range(1, CatalogScale - 1)
            .SelectMany(k => shipped.All.Select(p => p with { Id = $"{p.Id}-copy{k}" }));
        _catalog = new PartCatalog(shipped.All.Concat(copies));
        _zoo = ModelZoo.Load(Path.Combine(root, "models")).Value!;
        _rigFile = Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml");
    }

    /// <summary>Rig load, workload, plan, every analysis and the verdicts, as <c>rigsmith check</c> does once the catalog is open.</summary>
    [Benchmark]
    public Report CheckReferenceRig()
    {
        var loaded = RigInput.Load(RigSource.File(_rigFile), _catalog, () => LoadResult<ModelZoo>.Success(_zoo)).Value!;
        return Analyzer.Check(loaded.Rig, loaded.Job);
    }
}

/// <summary>
/// An in-process check of the six-P40 open frame (EPYC, seven x16 slots, a workload over every card) with 1 to 7 of
/// its cards: the cost may grow at most linearly with the GPU count. Seven is the most slots of any board in the
/// catalog; an eighth card would need a split riser.
/// </summary>
[MemoryDiagnoser]
public class GpuScalingBenchmarks
{
    private PartCatalog _catalog = null!;
    private ModelZoo _zoo = null!;
    private string _rig = "";

    [Params(1, 2, 4, 7)]
    public int Gpus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        _catalog = CatalogLoader.LoadDirectory(Path.Combine(root, "catalog")).Value!;
        _zoo = ModelZoo.Load(Path.Combine(root, "models")).Value!;
        _rig = WithGpus(File.ReadAllText(Path.Combine(root, "examples", "6xp40-mining-frame.rig.yaml")), Gpus);
    }

    [Benchmark]
    public Report CheckRig()
    {
        var loaded = RigInput.Load(RigSource.Text(_rig, "6xp40-scaled.rig.yaml"), _catalog, () => LoadResult<ModelZoo>.Success(_zoo)).Value!;
        return Analyzer.Check(loaded.Rig, loaded.Job);
    }

    /// <summary>The rig file with its GPU list replaced by <paramref name="count"/> P40s on risers in PCIE1.., and the workload over all of them.</summary>
    internal static string WithGpus(string rig, int count)
    {
        var lines = rig.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith("gpus:", StringComparison.Ordinal));
        var end = lines.FindIndex(start + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        var gpus = Enumerable.Range(1, count).SelectMany(i => new[]
        {
            "  - part: nvidia-tesla-p40",
            $"    slot: PCIE{i}",
            "    riser: generic-pcie3-x16-riser-200mm",
        });
        lines.RemoveRange(start + 1, end - start - 1);
        lines.InsertRange(start + 1, gpus);
        return string.Join('\n', lines.Select(l => l.StartsWith("  gpus:", StringComparison.Ordinal) ? $"  gpus: \"{count}\"" : l));
    }
}
