namespace Rigsmith.Training.Models;

/// <summary>diffusers' AutoencoderKL. Training only runs its encoder, without gradients, when latents are not cached.</summary>
public static class Vae
{
    /// <summary>
    /// The encoder as segments at a pixel resolution (its forward working set matters, nothing is saved), plus the
    /// decoder's weights, which sit on the GPU whenever the VAE is loaded there.
    /// </summary>
    public static ComponentProfile Profile(ModelConfig c, string name, long height, long width)
    {
        var channels = c.Ints("block_out_channels");
        var layers = c.Int("layers_per_block", 2);
        var latent = c.Int("latent_channels", 4);
        var input = c.Int("in_channels", 3);
        var output = c.Int("out_channels", 3);
        var quantConv = c.Bool("use_quant_conv", true);
        var postQuantConv = c.Bool("use_post_quant_conv", true);
        var last = channels[^1];

        var segments = new List<Segment>();
        var tokens = height * width;
        segments.Add(new Segment("encoder.conv_in", input * channels[0] * 9 + channels[0], 0, input * tokens, 0, 2.0 * 9 * input * channels[0] * tokens, []));
        var current = channels[0];
        for (var i = 0; i < channels.Count; i++)
        {
            for (var j = 0; j < layers; j++)
            {
                segments.Add(UNet.Resnet($"encoder.down.{i}.resnets.{j}", current, channels[i], 0, tokens));
                current = channels[i];
            }

            if (i < channels.Count - 1)
            {
                segments.Add(new Segment($"encoder.down.{i}.downsample", current * current * 9 + current, 0, current * tokens, 0, 2.0 * 9 * current * current * tokens / 4, []));
                tokens /= 4;
            }
        }

        segments.AddRange(Mid("encoder.mid", last, tokens));
        segments.Add(Segment.Weights("encoder.out", 2 * last + last * 2 * latent * 9 + 2 * latent + (quantConv ? 2 * latent * 2 * latent + 2 * latent : 0)));

        // Decoder weights (no activations: training never decodes).
        var decoder = (postQuantConv ? latent * latent + latent : 0) + latent * last * 9 + last + Mid("decoder.mid", last, 0).Sum(s => s.Parameters);
        current = last;
        var reversed = channels.Reverse().ToList();
        for (var i = 0; i < reversed.Count; i++)
        {
            for (var j = 0; j <= layers; j++)
            {
                decoder += UNet.Resnet("", current, reversed[i], 0, 0).Parameters;
                current = reversed[i];
            }

            if (i < reversed.Count - 1)
                decoder += current * current * 9 + current;
        }

        decoder += 2 * channels[0] + channels[0] * output * 9 + output;
        segments.Add(Segment.Weights("decoder", decoder));
        for (var i = 0; i < segments.Count; i++)
            segments[i] = segments[i] with { SavedElements = 0 };
        return new ComponentProfile(name, segments);
    }

    private static IEnumerable<Segment> Mid(string name, long ch, long tokens)
    {
        yield return UNet.Resnet(name + ".resnets.0", ch, ch, 0, tokens);
        // One single-head self-attention over every latent position: GroupNorm, q/k/v/out with biases.
        yield return new Segment(name + ".attention", 2 * ch + 4 * (ch * ch + ch), 0, ch * tokens, (double)tokens * tokens,
            2.0 * 4 * ch * ch * tokens + 4.0 * tokens * tokens * ch, []);
        yield return UNet.Resnet(name + ".resnets.1", ch, ch, 0, tokens);
    }
}
