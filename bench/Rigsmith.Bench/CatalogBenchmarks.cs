using BenchmarkDotNet.Attributes;
using Rigsmith.Catalog;
using Rigsmith.Rigs;

namespace Rigsmith.Bench;

/// <summary>
/// Loading the catalog as a command does: through its snapshot (hash every file, read the index, then read only the
/// reference rig's parts), against the strict full load that parses every file.
/// </summary>
[MemoryDiagnoser]
public class CatalogBenchmarks
{
    private string _catalogDirectory = "";
    private string _cacheDirectory = "";
    private string[] _referenceParts = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        _catalogDirectory = Path.Combine(root, "catalog");
        _cacheDirectory = Path.Combine(Path.GetTempPath(), "rigsmith-bench", Guid.NewGuid().ToString("N"));
        // The first load is the full one and writes the index the benchmark then reads.
        var catalog = CatalogSnapshot.Load(_catalogDirectory, _cacheDirectory).Value!;
        var rig = RigLoader.Load(Path.Combine(root, "examples", "4x3090-x299-dark.rig.yaml"), catalog).Value!;
        _referenceParts = rig.AllParts.Select(p => p.Id).ToArray();
        if (Directory.GetFiles(_cacheDirectory).Length != 1)
            throw new InvalidOperationException($"no catalog index was written to {_cacheDirectory}");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_cacheDirectory, recursive: true);

    [Benchmark(Baseline = true)]
    public PartCatalog FullLoad() => CatalogLoader.LoadDirectory(_catalogDirectory).Value!;

    /// <summary>What a check of the reference rig does with the catalog.</summary>
    [Benchmark]
    public int IndexedLoadAndReferenceRigParts()
    {
        var catalog = CatalogSnapshot.Load(_catalogDirectory, _cacheDirectory).Value!;
        var found = 0;
        foreach (var id in _referenceParts)
            found += catalog.Find(id) is null ? 0 : 1;
        return found;
    }

    /// <summary>The snapshot's fixed cost: every file read and hashed, the index read; no part read.</summary>
    [Benchmark]
    public PartCatalog IndexedLoad() => CatalogSnapshot.Load(_catalogDirectory, _cacheDirectory).Value!;
}
