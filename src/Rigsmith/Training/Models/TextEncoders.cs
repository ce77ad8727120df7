namespace Rigsmith.Training.Models;

/// <summary>CLIP text towers (CLIPTextModel, CLIPTextModelWithProjection) in the transformers layout.</summary>
public static class ClipText
{
    public static ComponentProfile Profile(ModelConfig c, string name)
    {
        var h = c.Int("hidden_size");
        var inter = c.Int("intermediate_size");
        var layers = c.Int("num_hidden_layers");
        var heads = c.Int("num_attention_heads");
        var vocab = c.Int("vocab_size");
        var positions = c.Int("max_position_embeddings");
        var projection = c.Strings("architectures").Contains("CLIPTextModelWithProjection") ? c.Int("projection_dim") : 0;
        var tokens = positions;

        var segments = new List<Segment> { Segment.Weights("embeddings", vocab * h + positions * h, 2, largestWeight: vocab * h) };
        var layerParams = 4 * (h * h + h) + (h * inter + inter) + (inter * h + h) + 2 * 2 * h;
        for (var i = 0; i < layers; i++)
        {
            // Saved per token: two LayerNorms' inputs and outputs, q/k/v, attention output, fc1 output and GELU output.
            segments.Add(new Segment($"layers.{i}", layerParams, (8.0 * h + 2.0 * inter) * tokens, h * tokens,
                (double)heads * tokens * tokens, 2.0 * (4 * h * h + 2 * h * inter) * tokens + 4.0 * tokens * tokens * h,
                [new LinearGroup("attn", h, h, 4, tokens), new LinearGroup("mlp", h, inter, 1, tokens), new LinearGroup("mlp", inter, h, 1, tokens)],
                Tensors: 4 * 2 + 2 * 2 + 2 * 2)); // q, k, v, out, fc1, fc2 with biases; two LayerNorms
        }

        segments.Add(new Segment("final", 2 * h + h * projection, 2.0 * h * tokens, h * tokens, 0, 2.0 * h * projection, [], Tensors: 2 + (projection > 0 ? 1 : 0)));
        return new ComponentProfile(name, segments);
    }
}

/// <summary>The T5 v1.1 encoder (T5EncoderModel) used by FLUX and SD3 as their large text encoder.</summary>
public static class T5Encoder
{
    public static ComponentProfile Profile(ModelConfig c, string name, long tokens)
    {
        var d = c.Int("d_model");
        var dkv = c.Int("d_kv");
        var heads = c.Int("num_heads");
        var ff = c.Int("d_ff");
        var layers = c.Int("num_layers");
        var vocab = c.Int("vocab_size");
        var buckets = c.Int("relative_attention_num_buckets", 32);
        var gated = c.Bool("is_gated_act", (c.String("feed_forward_proj") ?? "").StartsWith("gated", StringComparison.Ordinal));
        var inner = heads * dkv;

        var segments = new List<Segment> { Segment.Weights("shared", vocab * d, largestWeight: vocab * d) };
        var ffParams = (gated ? 2 : 1) * d * ff + ff * d;
        for (var i = 0; i < layers; i++)
        {
            // The relative position bias table lives in the first layer only.
            var p = 4 * d * inner + ffParams + 2 * d + (i == 0 ? buckets * heads : 0);
            segments.Add(new Segment($"block.{i}", p, (4.0 * d + 4.0 * inner + (gated ? 4.0 : 2.0) * ff) * tokens, d * tokens,
                (double)heads * tokens * tokens, 2.0 * (4 * d * inner + ffParams) * tokens + 4.0 * tokens * tokens * inner,
                [new LinearGroup("attn", d, inner, 3, tokens), new LinearGroup("attn", inner, d, 1, tokens), new LinearGroup("mlp", d, ff, gated ? 2 : 1, tokens), new LinearGroup("mlp", ff, d, 1, tokens)]));
        }

        segments.Add(Segment.Weights("final_layer_norm", d));
        return new ComponentProfile(name, segments);
    }
}
