namespace Rigsmith.Training.Models;

/// <summary>
/// diffusers' UNet2DConditionModel (SD 1.x/2.x, SDXL), walked block by block the way diffusers builds it, so that
/// parameter counts come out exact and activations and FLOPs follow each block's channels and resolution.
/// </summary>
/// <remarks>
/// Saved activations per spatial position: a ResNet block keeps its two GroupNorm inputs, two SiLU inputs and two conv
/// inputs (3·C_in + 3·C_out); a transformer layer keeps LayerNorm inputs and outputs, q/k/v, both attention outputs
/// and the GEGLU's 8C projection, 4C GELU output and 4C product (28·C), plus 3·C for the block's GroupNorm and
/// projections. These are counts of the tensors autograd saves in PyTorch's GroupNorm, SiLU, conv, LayerNorm,
/// linear and attention backward functions, not fitted numbers. Under autocast the GroupNorm outputs a ResNet block's
/// SiLUs save are fp32 (GroupNorm is on autocast's fp32 list, https://pytorch.org/docs/stable/amp.html#cuda-ops-that-can-autocast-to-float32),
/// which the estimator prices from <see cref="Segment.AutocastFp32Elements"/>.
/// </remarks>
public static class UNet
{
    public static ComponentProfile Profile(ModelConfig c, string name, long latentHeight, long latentWidth, long contextTokens)
    {
        var channels = c.Ints("block_out_channels");
        var blocks = channels.Count;
        var layersPerBlock = c.Int("layers_per_block", 2);
        var down = c.Strings("down_block_types");
        var up = c.Strings("up_block_types");
        var cross = c.Int("cross_attention_dim");
        var headsPerBlock = c.Has("num_attention_heads") ? c.IntOrPerBlock("num_attention_heads", blocks, 8) : c.IntOrPerBlock("attention_head_dim", blocks, 8);
        var transformerLayers = c.IntOrPerBlock("transformer_layers_per_block", blocks, 1);
        var inChannels = c.Int("in_channels", 4);
        var outChannels = c.Int("out_channels", 4);
        var c0 = channels[0];
        var temb = c.Int("time_embedding_dim", 4 * c0);

        var segments = new List<Segment>();
        // Tensors are counted as diffusers registers them: every conv, norm and linear has a weight and a bias, except
        // the attention's q, k and v projections (bias=False).
        var embedding = c0 * temb + temb + temb * temb + temb;
        long embeddingTensors = 4;
        if (c.String("addition_embed_type") == "text_time")
        {
            var addIn = c.Int("projection_class_embeddings_input_dim");
            embedding += addIn * temb + temb + temb * temb + temb;
            embeddingTensors += 4;
        }

        segments.Add(Segment.Weights("time_embedding", embedding, embeddingTensors));
        var tokens0 = latentHeight * latentWidth;
        segments.Add(new Segment("conv_in", inChannels * c0 * 9 + c0, inChannels * tokens0, inChannels * tokens0, 0, 2.0 * 9 * inChannels * c0 * tokens0, [], Tensors: 2));

        var level = 0;
        var output = c0;
        for (var i = 0; i < blocks; i++)
        {
            var input = output;
            output = channels[(int)i];
            var tokens = Tokens(latentHeight, latentWidth, level);
            for (var j = 0; j < layersPerBlock; j++)
            {
                segments.Add(Resnet($"down.{i}.resnets.{j}", j == 0 ? input : output, output, temb, tokens));
                if (down[i].StartsWith("CrossAttn", StringComparison.Ordinal))
                    segments.AddRange(Transformer($"down.{i}.attentions.{j}", output, transformerLayers[i], cross, headsPerBlock[i], tokens, contextTokens));
            }

            if (i < blocks - 1)
            {
                segments.Add(new Segment($"down.{i}.downsample", output * output * 9 + output, output * tokens, output * tokens, 0,
                    2.0 * 9 * output * output * tokens / 4, [], Tensors: 2));
                level++;
            }
        }

        var last = channels[^1];
        var midTokens = Tokens(latentHeight, latentWidth, level);
        segments.Add(Resnet("mid.resnets.0", last, last, temb, midTokens));
        segments.AddRange(Transformer("mid.attentions.0", last, transformerLayers[^1], cross, headsPerBlock[^1], midTokens, contextTokens));
        segments.Add(Resnet("mid.resnets.1", last, last, temb, midTokens));

        var reversed = channels.Reverse().ToList();
        var reversedLayers = transformerLayers.Reverse().ToList();
        var reversedHeads = headsPerBlock.Reverse().ToList();
        output = reversed[0];
        for (var i = 0; i < blocks; i++)
        {
            var previous = output;
            output = reversed[i];
            var input = reversed[Math.Min(i + 1, blocks - 1)];
            var tokens = Tokens(latentHeight, latentWidth, level);
            for (var j = 0; j <= layersPerBlock; j++)
            {
                var skip = j == layersPerBlock ? input : output;
                var resnetIn = j == 0 ? previous : output;
                segments.Add(Resnet($"up.{i}.resnets.{j}", resnetIn + skip, output, temb, tokens));
                if (up[i].StartsWith("CrossAttn", StringComparison.Ordinal))
                    segments.AddRange(Transformer($"up.{i}.attentions.{j}", output, reversedLayers[i], cross, reversedHeads[i], tokens, contextTokens));
            }

            if (i < blocks - 1)
            {
                level--;
                var upTokens = Tokens(latentHeight, latentWidth, level);
                segments.Add(new Segment($"up.{i}.upsample", output * output * 9 + output, output * upTokens, output * tokens, 0,
                    2.0 * 9 * output * output * upTokens, [], Tensors: 2));
            }
        }

        segments.Add(new Segment("conv_out", 2 * c0 + c0 * outChannels * 9 + outChannels, 3.0 * c0 * tokens0, c0 * tokens0, 0,
            2.0 * 9 * c0 * outChannels * tokens0, [], Tensors: 4));
        return new ComponentProfile(name, segments);
    }

    private static long Tokens(long height, long width, int level) => (height >> level) * (width >> level);

    /// <summary>ResnetBlock2D with a time-embedding projection and a 1×1 shortcut when channels change.</summary>
    internal static Segment Resnet(string name, long cin, long cout, long temb, long tokens)
    {
        var p = 2 * cin + cin * cout * 9 + cout + 2 * cout + cout * cout * 9 + cout + (cin != cout ? cin * cout + cout : 0)
            + (temb > 0 ? temb * cout + cout : 0);
        var flops = 2.0 * tokens * (9 * cin * cout + 9 * cout * cout + (cin != cout ? cin * cout : 0));
        // Under autocast both GroupNorm outputs (the SiLU inputs) are fp32 (AutocastFp32Elements).
        var tensors = 8 + (cin != cout ? 2 : 0) + (temb > 0 ? 2 : 0); // two norms, two convs, the shortcut, the time projection
        return new Segment(name, p, (3.0 * cin + 3.0 * cout) * tokens, cin * tokens, 0, flops,
            temb > 0 ? [new LinearGroup("other", temb, cout, 1, 1)] : [], AutocastFp32Elements: (cin + cout) * (double)tokens, Tensors: tensors);
    }

    /// <summary>
    /// Transformer2DModel: GroupNorm, proj_in, n BasicTransformerBlocks (self-attn, cross-attn, GEGLU), proj_out, as
    /// diffusers checkpoints it: the down, mid and up blocks checkpoint each ResNet block but call the Transformer2DModel
    /// directly (CrossAttnDownBlock2D.forward in unet_2d_blocks.py), and Transformer2DModel checkpoints each
    /// BasicTransformerBlock on its own (transformer_2d.py). So its GroupNorm and projections are never recomputed: they
    /// keep their inputs (the block's input, proj_in's and proj_out's, 3·C per position) as one segment, and each
    /// transformer layer is a unit of its own that keeps its input under checkpointing and is recomputed alone.
    /// </summary>
    private static IEnumerable<Segment> Transformer(string name, long ch, long layers, long cross, long heads, long tokens, long context)
    {
        var block = 2 * ch + 4 * ch * ch + ch          // norm1, attn1 q/k/v/out (+ out bias)
            + 2 * ch + 2 * ch * ch + 2 * cross * ch + ch // norm2, attn2 q/out, k/v from the context
            + 2 * ch + ch * 8 * ch + 8 * ch + 4 * ch * ch + ch; // norm3, GEGLU proj, ff out
        var projections = 3.0 * ch * tokens;
        yield return new Segment(name + ".proj", 2 * ch + 2 * (ch * ch + ch), projections, projections, 0, 2.0 * tokens * 2 * ch * ch,
            [new LinearGroup("proj", ch, ch, 2, tokens)], Tensors: 6);
        for (var k = 0; k < layers; k++)
        {
            yield return new Segment($"{name}.transformer_blocks.{k}", block, 28.0 * ch * tokens + 2.0 * context * ch, ch * tokens, (double)heads * tokens * (tokens + context),
                2.0 * tokens * (4 * ch * ch + 2 * ch * ch + 12 * ch * ch) + 2.0 * 2 * cross * ch * context + 4.0 * tokens * (tokens + context) * ch,
                [
                    // attn1's q/k/v/out and attn2's q/out on the image positions; attn2's k/v on the text context.
                    new LinearGroup("attn", ch, ch, 6, tokens), new LinearGroup("attn", cross, ch, 2, context),
                    new LinearGroup("mlp", ch, 8 * ch, 1, tokens), new LinearGroup("mlp", 4 * ch, ch, 1, tokens),
                ],
                // Three norms, each attention's q, k, v (no bias) and output, the GEGLU projection and the output linear.
                Tensors: 3 * 2 + 2 * (3 + 2) + 2 + 2);
        }
    }
}
