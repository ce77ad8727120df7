namespace Rigsmith.Training.Models;

/// <summary>
/// Decoder-only transformer LMs in the transformers layout: Llama, Mistral, Mixtral (MoE), Qwen2 (q/k/v biases).
/// </summary>
/// <remarks>
/// Saved activations per token and layer follow Korthikanti et al. 2022 (arXiv:2205.05198) adapted to RMSNorm,
/// SwiGLU and no dropout: the two norms' inputs and outputs, q, k and v, the attention output, and the MLP's gate,
/// up, activation and product (4·I per routed expert). For Llama-2-7B this is 18.75·h elements, 37.5·h bytes in bf16,
/// inside the 34–38·s·b·h range the facts file derives. The eager attention kernel also keeps the softmax output,
/// heads × s × s per layer; SDPA/flash keep only O(s) statistics.
/// A mixture-of-experts layer holds every expert's weights (and quantises them all under QLoRA; PEFT's LoRA on the MLP
/// adapts each expert's w1/w2/w3), while activations and FLOPs count only the routed experts. The router is a linear of
/// its own (transformers MixtralSparseMoeBlock.gate).
/// </remarks>
public static class DecoderLm
{
    public static ComponentProfile Profile(ModelConfig c, string name, long sequence)
    {
        var h = c.Int("hidden_size");
        var inter = c.Int("intermediate_size");
        var layers = c.Int("num_hidden_layers");
        var heads = c.Int("num_attention_heads");
        var kvHeads = c.Int("num_key_value_heads", heads);
        var headDim = c.Int("head_dim", h / heads);
        var vocab = c.Int("vocab_size");
        var experts = c.Int("num_local_experts", 1);
        var active = c.Int("num_experts_per_tok", 1);
        var tied = c.Bool("tie_word_embeddings", false);
        // Qwen2 puts biases on q, k and v (transformers Qwen2Attention); Llama and Mistral have none.
        var qkvBias = c.String("model_type") == "qwen2" || c.Bool("attention_bias", false);

        var q = heads * headDim;
        var kv = kvHeads * headDim;
        var attention = h * q + 2 * h * kv + q * h + (qkvBias ? q + 2 * kv : 0);
        var mlp = experts * 3 * h * inter + (experts > 1 ? h * experts : 0);
        var layerParams = attention + mlp + 2 * h;
        var activeLinear = attention + active * 3 * h * inter;

        var perTokenSaved = 5.0 * h + q + 2.0 * kv + 4.0 * active * inter;
        // Tensors: q, k, v, o (and Qwen2's three biases), three per expert, the router, two norms.
        var layerTensors = 4 + (qkvBias ? 3 : 0) + 3 * experts + (experts > 1 ? 1 : 0) + 2;
        var segments = new List<Segment> { Segment.Weights("embed_tokens", vocab * h, 1, largestWeight: vocab * h) };
        for (var i = 0; i < layers; i++)
        {
            segments.Add(new Segment(
                $"layers.{i}",
                layerParams,
                perTokenSaved * sequence,
                h * sequence,
                (double)heads * sequence * sequence,
                // Causal attention: q·kᵀ and the weighted sum of v over the keys at or before each query, half of the
                // s² score matrix; the other half is what a naive kernel computes and masks.
                2.0 * activeLinear * sequence + 2.0 * sequence * sequence * q,
                [
                    new LinearGroup("attn", h, q, 1, sequence), new LinearGroup("attn", h, kv, 2, sequence), new LinearGroup("attn", q, h, 1, sequence),
                    // Each expert computes on the tokens routed to it: top-k of the experts per token, on average.
                    new LinearGroup("mlp", h, inter, 2 * experts, (double)sequence * active / experts), new LinearGroup("mlp", inter, h, experts, (double)sequence * active / experts),
                    .. (experts > 1 ? new[] { new LinearGroup("router", h, experts, 1, sequence) } : []),
                ],
                MaskedAttentionFlops: 2.0 * sequence * sequence * q, Tensors: layerTensors));
        }

        // Final norm and the LM head. The s·v logits are priced by the estimator: what the loss keeps of them depends on
        // whether it is chunked and compiled.
        segments.Add(new Segment("lm_head", h + (tied ? 0 : vocab * h), 2.0 * h * sequence, h * sequence, 0,
            2.0 * vocab * h * sequence, [new LinearGroup("head", h, vocab, 1, sequence)], (double)vocab * sequence, Tensors: tied ? 1 : 2));
        return new ComponentProfile(name, segments);
    }
}
