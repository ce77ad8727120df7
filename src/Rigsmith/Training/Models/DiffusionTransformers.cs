namespace Rigsmith.Training.Models;

/// <summary>
/// The rectified-flow transformers: FLUX.1 (FluxTransformer2DModel) and SD3 (SD3Transformer2DModel, MMDiT), counted
/// the way diffusers builds them. Image and text tokens attend jointly.
/// </summary>
/// <remarks>
/// Saved activations per token: about 17·D per stream of a double/joint block (norm input and modulated output,
/// q/k/v, attention output, the 4D MLP hidden and its GELU output, and residual inputs) and 18·D per single block —
/// the same tensor-by-tensor count as the UNet's transformer layers.
/// </remarks>
public static class DiffusionTransformers
{
    public static ComponentProfile Flux(ModelConfig c, string name, long latentHeight, long latentWidth, long textTokens)
    {
        var d = c.Int("num_attention_heads") * c.Int("attention_head_dim");
        var headDim = c.Int("attention_head_dim");
        var heads = c.Int("num_attention_heads");
        var inChannels = c.Int("in_channels");
        var joint = c.Int("joint_attention_dim");
        var pooled = c.Int("pooled_projection_dim");
        var guidance = c.Bool("guidance_embeds", false);
        // FLUX packs 2×2 latent patches into one token (in_channels 64 = 16 latent channels × 4).
        var imageTokens = latentHeight / 2 * (latentWidth / 2);
        var tokens = imageTokens + textTokens;

        var embedTimestep = 256 * d + d + d * d + d;
        var segments = new List<Segment>
        {
            Segment.Weights("embedders", inChannels * d + d + joint * d + d + embedTimestep * (guidance ? 2 : 1) + pooled * d + d + d * d + d),
        };
        var linear = d * d + d;
        var doubleBlock = 2 * (d * 6 * d + 6 * d) + 8 * linear + 4 * headDim + 2 * (d * 4 * d + 4 * d + 4 * d * d + d);
        for (var i = 0; i < c.Int("num_layers"); i++)
        {
            segments.Add(new Segment($"transformer_blocks.{i}", doubleBlock, 17.0 * d * tokens, 2.0 * d * tokens, (double)heads * tokens * tokens,
                2.0 * StreamLinearMacs(d) * tokens + 2.0 * 2 * 6 * d * d + 4.0 * tokens * tokens * d,
                [
                    // Each stream's own projections and MLP on its own tokens; the modulation linears on the timestep embedding.
                    new LinearGroup("attn", d, d, 4, imageTokens), new LinearGroup("attn", d, d, 4, textTokens),
                    new LinearGroup("mlp", d, 4 * d, 1, imageTokens), new LinearGroup("mlp", d, 4 * d, 1, textTokens),
                    new LinearGroup("mlp", 4 * d, d, 1, imageTokens), new LinearGroup("mlp", 4 * d, d, 1, textTokens),
                    new LinearGroup("other", d, 6 * d, 2, 1),
                ]));
        }

        var singleBlock = d * 3 * d + 3 * d + d * 4 * d + 4 * d + 3 * linear + 2 * headDim + 5 * d * d + d;
        for (var i = 0; i < c.Int("num_single_layers"); i++)
        {
            segments.Add(new Segment($"single_transformer_blocks.{i}", singleBlock, 18.0 * d * tokens, d * tokens, (double)heads * tokens * tokens,
                2.0 * (3 * d * d + 4 * d * d + 5 * d * d) * tokens + 4.0 * tokens * tokens * d,
                [new LinearGroup("attn", d, d, 3, tokens), new LinearGroup("mlp", d, 4 * d, 1, tokens), new LinearGroup("mlp", 5 * d, d, 1, tokens), new LinearGroup("other", d, 3 * d, 1, 1)]));
        }

        segments.Add(Segment.Weights("norm_out", d * 2 * d + 2 * d + d * inChannels + inChannels));
        return new ComponentProfile(name, segments);
    }

    /// <summary>
    /// Multiply-accumulates per token of one stream of a double (joint) block: its q, k, v and output projections (4·D²)
    /// and its MLP (8·D²). The image and text streams have their own weights and each token passes through its own
    /// stream's only (diffusers FluxTransformerBlock: to_q/to_k/to_v/to_out and ff for the image tokens,
    /// add_q_proj/add_k_proj/add_v_proj/to_add_out and ff_context for the text tokens; SD3's JointTransformerBlock alike).
    /// </summary>
    private static double StreamLinearMacs(long d) => 12.0 * d * d;

    public static ComponentProfile Sd3(ModelConfig c, string name, long latentHeight, long latentWidth, long textTokens)
    {
        var heads = c.Int("num_attention_heads");
        var d = heads * c.Int("attention_head_dim");
        var patch = c.Int("patch_size");
        var inChannels = c.Int("in_channels");
        var outChannels = c.Int("out_channels", inChannels);
        var joint = c.Int("joint_attention_dim");
        var caption = c.Int("caption_projection_dim", d);
        var pooled = c.Int("pooled_projection_dim");
        var layers = c.Int("num_layers");
        var imageTokens = latentHeight / patch * (latentWidth / patch);
        var tokens = imageTokens + textTokens;

        var segments = new List<Segment>
        {
            Segment.Weights("embedders", inChannels * patch * patch * d + d + 256 * d + d + d * d + d + pooled * d + d + d * d + d + joint * caption + caption),
        };
        var linear = d * d + d;
        var ff = d * 4 * d + 4 * d + 4 * d * d + d;
        for (var i = 0; i < layers; i++)
        {
            // The last joint block is context_pre_only: no to_add_out and no ff_context, and a D→2D context norm.
            var last = i == layers - 1;
            var p = d * 6 * d + 6 * d + (last ? d * 2 * d + 2 * d : d * 6 * d + 6 * d) + 7 * linear + (last ? 0 : linear) + ff + (last ? 0 : ff);
            segments.Add(new Segment($"transformer_blocks.{i}", p, 17.0 * d * tokens, 2.0 * d * tokens, (double)heads * tokens * tokens,
                2.0 * (StreamLinearMacs(d) * imageTokens + (last ? 3.0 * d * d : StreamLinearMacs(d)) * textTokens) + 4.0 * tokens * tokens * d,
                [
                    // The last block's text stream has no to_add_out and no ff_context.
                    new LinearGroup("attn", d, d, 4, imageTokens), new LinearGroup("attn", d, d, last ? 3 : 4, textTokens),
                    new LinearGroup("mlp", d, 4 * d, 1, imageTokens), new LinearGroup("mlp", 4 * d, d, 1, imageTokens),
                    .. (last ? Array.Empty<LinearGroup>() : [new LinearGroup("mlp", d, 4 * d, 1, textTokens), new LinearGroup("mlp", 4 * d, d, 1, textTokens)]),
                    new LinearGroup("other", d, 6 * d, 1, 1), new LinearGroup("other", d, last ? 2 * d : 6 * d, 1, 1),
                ]));
        }

        segments.Add(Segment.Weights("norm_out", d * 2 * d + 2 * d + d * patch * patch * outChannels + patch * patch * outChannels));
        return new ComponentProfile(name, segments);
    }
}
