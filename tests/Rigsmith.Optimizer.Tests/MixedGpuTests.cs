using Rigsmith.Catalog;
using Rigsmith.Optimizer.Candidates;
using Rigsmith.Units;

namespace Rigsmith.Optimizer.Tests;

/// <summary>Builds around owned cards of one model with bought cards of another.</summary>
public class MixedGpuTests
{
    /// <summary>
    /// The Llama example owns one RTX 3090 Founders Edition; with exactly two GPUs, and a second Founders Edition
    /// priced at 1,500 USD, the second card is cheaper as another model. The answer costs less than the cheapest build
    /// that buys a second Founders Edition, the owned card costs nothing, both cards are in the rig file at their own
    /// lines, and the rig passes its check with the job fitting on both.
    /// </summary>
    [Fact]
    public void A_second_card_of_another_model_joins_the_owned_one_when_it_is_cheaper()
    {
        var two = Repo.ExampleSpec("llama-8b-qlora-owned.optimize.yaml") with { GpusMin = 2, GpusMax = 2, Budget = null };
        var others = Repo.Catalog.OfType<Gpu>().Where(g => g.Id != "nvidia-rtx-3090-fe").Select(g => g.Id).ToList();
        var mixed = Repo.OptimizeWithPrice(two, "nvidia-rtx-3090-fe", 1500m, PriceCondition.Used);
        var same = Repo.OptimizeWithPrice(two with { Excluded = [.. two.Excluded, .. others] }, "nvidia-rtx-3090-fe", 1500m, PriceCondition.Used);

        Assert.Equal(Proof.Optimal, mixed.Proof);
        Assert.Equal(Proof.Optimal, same.Proof);
        Assert.True(mixed.Best!.Passes);
        Assert.True(mixed.Best.Selection.Cents < same.Best!.Selection.Cents);
        var gpus = mixed.Best.Selection.Lines.Where(l => l.Role == "gpu").ToList();
        Assert.Equal(2, gpus.Count);
        var owned = Assert.Single(gpus, l => l.Part.Id == "nvidia-rtx-3090-fe");
        Assert.Equal((1, 0L), (owned.Units, owned.Cents));
        Assert.All(gpus, l => Assert.Contains($"part: {l.Part.Id}", mixed.Best.RigYaml, StringComparison.Ordinal));
        Assert.Equal(2, mixed.Best.Report.Plan.Training!.Estimate.PerGpu.Count);
        Assert.True(mixed.Best.Report.Plan.Training.Estimate.Fits);
    }

    /// <summary>
    /// The model's throughput for a mixed build must bound the check's, so its link levels must be at least each card's
    /// own. Two dual-slot cards, one PCIe 4.0 x8 and one PCIe 3.0 x16, in the x16 slots of an ASUS WS X299 SAGE with a
    /// 44-lane i9-7960X (PCIe 3.0): the first links at 3.0 x8, the second at 3.0 x16, so the faster card's link alone
    /// (4.0 x8) would not bound the second's; the levels are worked out for 4.0 x16.
    /// </summary>
    [Fact]
    public void A_mixed_builds_link_levels_are_at_least_each_cards_own()
    {
        var fe = (Gpu)Repo.Catalog.Find("zotac-rtx-3090-blower")!;
        var narrow = fe with { Id = "test-gen4-x8", PcieGen = 4, PcieWidth = 8 };
        var older = fe with { Id = "test-gen3-x16", PcieGen = 3, PcieWidth = 16 };
        var mixed = new GpuChoice(new Priced<Gpu>(narrow, 100_00, null, null, 0), 2, narrow.BoardPower, 0, Bytes.From(0))
        {
            Alongside = new OwnedCards(new Priced<Gpu>(older, 0, null, null, 1), 1, older.BoardPower),
        };
        var cpu = new Priced<Cpu>((Cpu)Repo.Catalog.Find("i9-7960x")!, 0, null, null, 0);
        var board = new Priced<Motherboard>((Motherboard)Repo.Catalog.Find("asus-ws-x299-sage")!, 0, null, null, 0);
        var platform = new Platform(cpu, 1, board);
        var table = new ThroughputTable(Repo.ExampleSpec("llama-8b-qlora-owned.optimize.yaml"));

        var bound = table.Level(platform, mixed.LinkCard, 2)!;
        foreach (var card in new[] { narrow, older })
        {
            var own = table.Level(platform, card, 2)!;
            Assert.True(bound.HostLinkGBps >= own.HostLinkGBps, $"{card.Id}: host link {own.HostLinkGBps} above the bound's {bound.HostLinkGBps}");
            Assert.True(bound.RingGBps >= own.RingGBps, $"{card.Id}: ring {own.RingGBps} above the bound's {bound.RingGBps}");
        }
    }
}
