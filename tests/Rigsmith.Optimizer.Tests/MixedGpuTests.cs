using Rigsmith.Catalog;

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
}
