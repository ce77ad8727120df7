namespace Rigsmith.Training.Models;

/// <summary>Linear layers of one shape, for counting LoRA parameters: <c>Count</c> layers of <c>In</c> → <c>Out</c>.</summary>
/// <param name="Role">Which LoRA target set they belong to: "attn" (q/k/v/o projections) or "mlp" (feed-forward).</param>
public sealed record LinearGroup(string Role, long In, long Out, long Count);

/// <summary>
/// One unit of a model that gradient checkpointing saves or recomputes as a whole (a transformer layer, a ResNet or
/// Transformer2D block), described for one sample.
/// </summary>
/// <param name="Parameters">Weights and biases.</param>
/// <param name="SavedElements">Activation elements autograd keeps for the backward pass when the unit is not checkpointed.</param>
/// <param name="InputElements">Elements of the unit's input, which is all a checkpointed unit keeps.</param>
/// <param name="AttentionScoreElements">Extra elements kept by a naive (non-fused) attention kernel: heads × queries × keys.</param>
/// <param name="ForwardFlops">Forward floating-point operations (2 per multiply-accumulate).</param>
/// <param name="LogitElements">
/// Logits an LM head produces (sequence × vocabulary): what the loss holds for them depends on how it is computed
/// (chunked or not, compiled or not), so the estimator prices them, not <paramref name="SavedElements"/>.
/// </param>
/// <param name="AutocastFp32Elements">
/// Of <paramref name="SavedElements"/>, the elements autocast keeps in fp32 under mixed precision: GroupNorm runs in
/// fp32 under autocast (it is on autocast's fp32 op list), so its output, which SiLU saves as its input, is fp32; the
/// next convolution saves its own half-precision cast.
/// </param>
/// <param name="MaskedAttentionFlops">
/// Forward FLOPs of the attention scores a causal mask hides, not in <paramref name="ForwardFlops"/>: fused causal
/// kernels (FlashAttention and PyTorch's flash and memory-efficient SDPA backends with is_causal, xformers' causal
/// mask) skip the key blocks above the diagonal; a naive kernel computes the whole score matrix and masks it after.
/// </param>
public sealed record Segment(
    string Name,
    long Parameters,
    double SavedElements,
    double InputElements,
    double AttentionScoreElements,
    double ForwardFlops,
    IReadOnlyList<LinearGroup> Linears,
    double LogitElements = 0,
    double AutocastFp32Elements = 0,
    double MaskedAttentionFlops = 0)
{
    public static Segment Weights(string name, long parameters) => new(name, parameters, 0, 0, 0, 0, []);
}

/// <summary>A model component (UNet, text encoder, VAE, decoder LLM) as segments, for one sample at a given input size.</summary>
public sealed record ComponentProfile(string Name, IReadOnlyList<Segment> Segments)
{
    public long Parameters => Segments.Sum(s => s.Parameters);
    public long LargestSegmentParameters => Segments.Max(s => s.Parameters);
    public double ForwardFlops => Segments.Sum(s => s.ForwardFlops);
    public double MaskedAttentionFlops => Segments.Sum(s => s.MaskedAttentionFlops);

    /// <summary>LoRA parameters at rank r on the given target roles: r·(in + out) per adapted linear.</summary>
    public long LoraParameters(int rank, IReadOnlyCollection<string> roles) =>
        Segments.SelectMany(s => s.Linears).Where(l => roles.Contains(l.Role)).Sum(l => rank * (l.In + l.Out) * l.Count);

    /// <summary>Parameters in linear layers (what 4-bit quantisation replaces).</summary>
    public long LinearParameters => Segments.SelectMany(s => s.Linears).Sum(l => l.In * l.Out * l.Count);
}
