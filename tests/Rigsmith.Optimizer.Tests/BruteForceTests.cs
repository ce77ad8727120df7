using Rigsmith.Catalog;
using Rigsmith.Optimizer.Candidates;
using Rigsmith.Optimizer.Solving;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Optimizer.Verification;
using Rigsmith.Units;
using Xunit.Abstractions;

namespace Rigsmith.Optimizer.Tests;

/// <summary>
/// The optimizer's optimum against the true one, found without the solver: every combination of the priced curated
/// parts (every CPU on every board, every GPU at every count and power limit, every number of modules, drives, PSUs and
/// chassis), cheapest first, each written as a rig file and put through the full check until one passes and meets the
/// spec. Only the spec's own rules are applied here; the model's constraints and pruning are not.
/// </summary>
public class BruteForceTests(ITestOutputHelper output)
{
    private const string SmallSpec = """
        name: brute force
        workload:
          model: sdxl
          method: lora
          lora_rank: "32"
          optimizer: adamw8bit
          precision: bf16-mixed
          gradient_checkpointing: "true"
          batch: "2"
          resolution: "1024"
          cache_latents: "true"
        objective: least-money
        site:
          mains: 120 V
          breaker: 15 A
        gpus: {min: 1, max: 2}
        storage: 1 TB
        exclude: [nvidia-rtx-pro-6000-blackwell-workstation, nvidia-rtx-a6000]
        """;

    /// <summary>
    /// The small catalog: these curated parts with their shipped prices (the catalog's first priced parts), every other
    /// curated part excluded, so that the brute force stays a few hundred thousand combinations as prices are added.
    /// </summary>
    private static readonly string[] SmallCatalog =
    [
        "fractal-define-7-xl", "ryzen-9-7950x", "i9-7960x", "i7-7820x", "nvidia-tesla-p40", "nvidia-rtx-3090-fe", "manli-rtx-4090-blower",
        "zotac-rtx-3090-blower", "colorful-rtx-3090-blower", "manli-rtx-3090-blower", "gigabyte-rtx-3090-turbo", "gigabyte-rtx-3090-gaming-oc",
        "kingston-fury-beast-rgb-ddr4-3200-32gb", "asus-proart-x670e-creator-wifi", "evga-x299-dark", "corsair-hx1500i-2023",
        "seasonic-prime-tx-1600-atx3", "msi-meg-ai1000p-pcie5", "samsung-990-pro-2tb", "samsung-990-pro-4tb", "samsung-870-evo-1tb", "intel-p4510-4tb",
    ];

    private static OptimizeSpec Small(string yaml)
    {
        var spec = Repo.Spec(yaml);
        var others = Repo.Catalog.Entries.Where(e => e.Curated && !SmallCatalog.Contains(e.Id)).Select(e => e.Id);
        return spec with { Excluded = [.. spec.Excluded, .. others] };
    }

    [Fact]
    public void The_optimum_is_the_cheapest_build_that_passes_the_check()
    {
        var spec = Small(SmallSpec);
        var result = Repo.Optimize(spec);
        var (truth, tried) = CheapestPassing(spec);
        output.WriteLine($"brute force: {tried} builds checked; optimizer: {result.Solves} solves, {result.Rejected.Count} cut");

        Assert.Equal(Proof.Optimal, result.Proof);
        Assert.NotNull(truth);
        Assert.Equal(truth!.Selection.Cents, result.Best!.Selection.Cents);
    }

    [Fact]
    public void A_budget_below_the_optimum_is_infeasible_and_the_budget_is_named()
    {
        var spec = Small(SmallSpec);
        var cheapest = Repo.Optimize(spec).Best!.Selection.Cents;
        var tight = spec with { Budget = Money.Of((cheapest - 1) / 100m, "USD") };
        var result = Repo.Optimize(tight);

        Assert.Equal(Proof.Infeasible, result.Proof);
        Assert.Null(result.Best);
        var budget = Assert.Single(result.Relaxations, r => r.Constraint == "budget");
        Assert.Equal(cheapest, budget.Answer!.Selection.Cents);
        Assert.All(result.Relaxations.Where(r => r.Constraint != "budget"), r => Assert.Null(r.Answer));
    }

    /// <summary>
    /// A circuit too small for any build: infeasible, and the circuit is named as what stands in the way; its relaxed
    /// answer passes its own check (the relaxation lifts the circuit in the site, where the check judges the wall draw).
    /// </summary>
    [Fact]
    public void A_circuit_too_small_is_infeasible_and_the_circuit_is_named()
    {
        var spec = Small(SmallSpec.Replace("breaker: 15 A", "breaker: 2 A", StringComparison.Ordinal));
        var result = Repo.Optimize(spec);

        Assert.Equal(Proof.Infeasible, result.Proof);
        var circuit = Assert.Single(result.Relaxations, r => r.Constraint == "circuit");
        Assert.NotNull(circuit.Answer);
        Assert.True(circuit.Answer!.Passes);
        // More than the 240 W (120 V x 2 A) the spec's circuit gives.
        Assert.True(circuit.Answer.Report.Plan.Electrical.AsSet.Wall.Value > 120 * 2);
    }

    /// <summary>
    /// With a second circuit for the second PSU unit, the fastest SDXL build without a budget draws more from the wall
    /// than one 120 V / 15 A circuit carries; it passes its check with each circuit within its limit, and it is faster
    /// than the one-circuit answer (a relaxation can only help).
    /// </summary>
    [Fact]
    public void A_second_circuit_allows_a_build_that_draws_more_than_one_carries()
    {
        var one = Repo.ExampleSpec("sdxl-full-120v.optimize.yaml") with { Budget = null };
        var two = one with { Site = one.Site with { Circuits = 2 } };
        var (a, b) = (Repo.Optimize(one), Repo.Optimize(two));

        Assert.Equal(Proof.Optimal, a.Proof);
        Assert.Equal(Proof.Optimal, b.Proof);
        Assert.True(b.Best!.Passes);
        var electrical = b.Best.Report.Plan.Electrical.AsSet;
        var limit = 120 * 15 * 0.8;
        Assert.True(electrical.Wall.Value > limit);
        Assert.Equal(2, electrical.CircuitWalls.Count);
        Assert.All(electrical.CircuitWalls, w => Assert.True(w.Value <= limit));
        Assert.True(b.Best.SamplesPerSecond > a.Best!.SamplesPerSecond);
        Assert.Contains("  circuits: 2", b.Best.RigYaml, StringComparison.Ordinal);
    }

    private static (Verified? Best, int Tried) CheapestPassing(OptimizeSpec spec)
    {
        var pricing = new Pricing(spec, null);
        var parts = Repo.Catalog.Entries.Where(e => e.Curated && !spec.Excluded.Contains(e.Id)).Select(e => Repo.Catalog.Find(e.Id)!).ToList();
        List<Priced<T>> Priced<T>()
            where T : Part => parts.OfType<T>().Select(pricing.Price).OfType<Priced<T>>().ToList();

        var platforms = (from c in Priced<Cpu>() from b in Priced<Motherboard>() select new Platform(c, b.Part.Sockets, b)).ToList();
        var gpus = (from g in Priced<Gpu>()
                    from n in Enumerable.Range(spec.GpusMin, spec.GpusMax - spec.GpusMin + 1)
                    from limit in CandidateBuilder.Limits(g.Part)
                    select (g, n, limit)).ToList();
        var memory = (from m in Priced<MemoryModule>() from n in Enumerable.Range(1, CandidateBuilder.MaxModules) select new MemoryChoice(m, n)).ToList();
        var drives = Priced<Storage>().Where(d => d.Part.Capacity >= spec.Storage).ToList();
        var psus = (from p in Priced<Psu>() from n in Enumerable.Range(1, CandidateBuilder.MaxPsus) select (p, n)).ToList();
        var chassis = Priced<Chassis>();

        var combos = new List<(long Cost, int P, int G, int M, int D, int S, int K)>();
        for (var p = 0; p < platforms.Count; p++)
        {
            for (var g = 0; g < gpus.Count; g++)
            {
                for (var m = 0; m < memory.Count; m++)
                {
                    for (var d = 0; d < drives.Count; d++)
                    {
                        for (var s = 0; s < psus.Count; s++)
                        {
                            for (var k = 0; k < chassis.Count; k++)
                            {
                                var cost = platforms[p].Cents!.Value + (gpus[g].n * gpus[g].g.Cents) + memory[m].Cents + drives[d].Cents
                                    + (psus[s].n * psus[s].p.Cents) + chassis[k].Cents;
                                combos.Add((cost, p, g, m, d, s, k));
                            }
                        }
                    }
                }
            }
        }

        combos.Sort((a, b) => a.Cost.CompareTo(b.Cost));
        var tried = 0;
        foreach (var c in combos)
        {
            var platform = platforms[c.P];
            var (gpu, n, limit) = gpus[c.G];
            var thickness = (int)Math.Ceiling(gpu.Part.Thickness.Value - 1e-9);
            var drive = drives[c.D].Part;
            // A rig file needs a slot for each card and a port for the drive; without them there is no build to check.
            if (platform.SlotsFor(thickness).Count < n || !BuildModel.DriveFits(platform, drive.Interface, drive.Form))
                continue;
            var choice = new GpuChoice(gpu, n, limit, 0, Bytes.From(0));
            var (psu, units) = psus[c.S];
            var selection = new Selection(platform, choice, memory[c.M], drives[c.D], new PsuChoice(psu, units, psu.Part.Wattage * units, psu.Part.Wattage * units), chassis[c.K]);
            tried++;
            var verified = Verifier.Verify(spec, selection, Repo.Catalog, Repo.Zoo);
            if (!verified.Passes)
                continue;
            var needed = spec.SystemMemory ?? gpu.Part.Vram;
            var host = verified.Report.Plan.Training!.Estimate.HostRam;
            if (memory[c.M].Capacity < needed || memory[c.M].Capacity < host)
                continue;
            return (verified, tried);
        }

        return (null, tried);
    }
}
