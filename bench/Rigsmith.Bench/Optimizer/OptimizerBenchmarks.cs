using BenchmarkDotNet.Attributes;
using Rigsmith.Catalog;
using Rigsmith.Optimizer;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning;
using Rigsmith.Training.Models;

namespace Rigsmith.Bench.Optimizer;

/// <summary>
/// The optimizer's proven optimum (the best build alone, without runners-up, front or relaxations) for the two example
/// specs: on the full catalog, curated and OpenDB parts (some 22,500), each given a generated price
/// (<see cref="GeneratedPrices"/>), and on the shipped prices alone. The catalog is loaded once; each operation builds
/// the candidates, the model, solves it with 2 workers and checks the answer. The design's budget: 2 s on 2 cores.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class OptimizerBenchmarks
{
    private PartCatalog _shipped = null!;
    private PartCatalog _full = null!;
    private PriceBook _book = null!;
    private ModelZoo _zoo = null!;
    private OptimizeSpec _sdxl = null!;
    private OptimizeSpec _llm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = CheckBenchmarks.RepositoryRoot();
        var data = new DataSources(Path.Combine(root, "catalog"), Path.Combine(root, "models"));
        _shipped = data.Catalog.Value!;
        _zoo = data.Zoo.Value!;
        _book = GeneratedPrices.For(_shipped.All);
        _full = _shipped.Select(_book.Apply);
        OptimizeSpec Read(string name)
        {
            var path = Path.Combine(root, "examples", name);
            return SpecReader.Read(File.ReadAllText(path), path, _shipped, _zoo).Value! with { TimeLimit = Units.Seconds.From(60) };
        }

        _sdxl = Read("sdxl-full-120v.optimize.yaml");
        _llm = Read("llama-8b-qlora-owned.optimize.yaml");
        // Reads every broad part once, as a server that keeps its catalog would have.
        foreach (var spec in new[] { _sdxl, _llm })
            Require(new BuildOptimizer(_full, _zoo, _book).Optimize(spec, alternatives: false));
    }

    [Benchmark]
    public OptimizeResult FullCatalogSdxlShortestTime() => Require(new BuildOptimizer(_full, _zoo, _book).Optimize(_sdxl, alternatives: false));

    [Benchmark]
    public OptimizeResult FullCatalogLlmLeastMoney() => Require(new BuildOptimizer(_full, _zoo, _book).Optimize(_llm, alternatives: false));

    [Benchmark]
    public OptimizeResult ShippedPricesSdxlShortestTime() => Require(new BuildOptimizer(_shipped, _zoo, null).Optimize(_sdxl, alternatives: false));

    private static OptimizeResult Require(OptimizeResult r) =>
        r.Proof == Proof.Optimal ? r : throw new InvalidOperationException($"{r.Spec.Name}: {r.Proof}, not proven optimal");
}
