using Rigsmith.Tests.Support;
using Rigsmith.Training.Models;

namespace Rigsmith.Tests.Training.Models;

/// <summary>Parameter counts computed from the architecture configs against the published and independently computed counts.</summary>
public class ParameterCountTests
{
    public static TheoryData<string, string> Components()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in Repo.Zoo.All.Value!)
        {
            foreach (var component in model.Components)
                data.Add(model.Id, component.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Computed_count_matches_the_independent_exact_count_and_the_published_figure(string model, string component)
    {
        var c = Repo.Zoo.Find(model)!.Components.Single(x => x.Name == component);
        var computed = c.Profile(1024, 2048).Parameters;

        if (c.ExactParameters is { } exact)
            Assert.Equal(exact, computed);
        if (c.Published() is { } published)
            Assert.InRange(computed, published.Value - published.Tolerance, published.Value + published.Tolerance);
        Assert.True(c.ExactParameters is not null || c.Published() is not null, "every component needs a count to check against");
    }

    /// <summary>
    /// Parameter tensors against len(list(model.parameters())) of the models diffusers and transformers build from the
    /// same configs, counted on the device run (bench/training-device/results/h200-2026-12-04-c-optimizer.jsonl), and the
    /// LoRA tensors PEFT adds on the SDXL UNet's attention projections (A and B per adapted linear).
    /// </summary>
    [Theory]
    [InlineData("sdxl", 1680)]
    [InlineData("sd15", 686)]
    [InlineData("llama-3.2-3b", 254)]
    public void Tensor_counts_match_the_models_the_libraries_build(string model, long tensors)
    {
        var trained = Repo.Zoo.Find(model)!.Components.Single(c => c.Role is ComponentRole.Denoiser or ComponentRole.Llm);
        Assert.Equal(tensors, trained.Profile(1024, 2048).Tensors);
        if (model == "sdxl")
            Assert.Equal(1120, 2 * trained.Profile(1024, 0).LinearsIn(["attn"]));
    }

    [Fact]
    public void Mixtral_activates_two_of_eight_experts_per_token()
    {
        var mixtral = Repo.Zoo.Find("mixtral-8x7b")!.Components[0].Profile(0, 1);
        var llama = Repo.Zoo.Find("mistral-7b")!.Components[0].Profile(0, 1);
        // Mixtral paper: 13B active parameters per token (12.88B computed, of which 0.13B is the input embedding, a
        // lookup with no FLOPs); the forward pass costs 2 FLOPs per active weight.
        Assert.InRange(mixtral.ForwardFlops / 2, 12.7e9, 12.8e9);
        Assert.InRange(mixtral.ForwardFlops / llama.ForwardFlops, 1.7, 1.85);
    }
    [Fact]
    public void A_flux_token_passes_through_its_own_streams_weights_only()
    {
        // FLUX.1-dev at 512 px: 1,024 image tokens and 512 text tokens, D = 3072, 19 double and 38 single blocks. In a
        // double block image tokens use to_q/to_k/to_v/to_out and ff, text tokens add_*_proj/to_add_out and ff_context:
        // 12·D² multiply-accumulates per token, as in a single block, so 57 × 12·D² = 6.46B weights on each token's path
        // (of 11.9B), plus attention (4·s²·D FLOPs per block) and the per-sample modulation of the double blocks.
        var flux = Repo.Zoo.Find("flux1-dev")!.Components.Single(c => c.Role == ComponentRole.Denoiser).Profile(512, 0);
        const double d = 3072, tokens = 1024 + 512;
        var linear = flux.ForwardFlops - 57 * 4 * tokens * tokens * d - 19 * 2 * 2 * 6 * d * d;
        Assert.InRange(linear / 2 / tokens, 6.45e9, 6.47e9);
    }
}
