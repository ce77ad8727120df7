namespace Rigsmith.Training.Models;

/// <summary>Linear layers of one shape, for counting LoRA parameters: <c>Count</c> layers of <c>In</c> → <c>Out</c>.</summary>
/// <param name="Role">Which LoRA target set they belong to: "attn" (q/k/v/o projections) or "mlp" (feed-forward).</param>
/// <param name="Tokens">
/// Tokens per sample each of these layers computes on (an LLM's sequence; a UNet level's image positions, or the text
/// context for cross-attention's k and v; a routed expert its share of the sequence): the size of the input an adapter
/// on it sees, which LoRA dropout copies.
/// </param>
public sealed record LinearGroup(string Role, long In, long Out, long Count, double Tokens);

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
/// <param name="Tensors">
/// Parameter tensors (each weight and each bias its own), which an optimizer that loops over tensors pays a launch cost
/// for; 0 where the builder does not count them (<see cref="ComponentProfile.Tensors"/> then estimates).
/// </param>
/// <param name="LargestWeight">
/// The largest weight tensor the segment holds outside <paramref name="Linears"/> (an embedding table), which an
/// optimizer stepping tensor by tensor makes its temporaries the size of; 0 where it has none.
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
    double MaskedAttentionFlops = 0,
    long Tensors = 0,
    long LargestWeight = 0)
{
    public static Segment Weights(string name, long parameters, long tensors = 0, long largestWeight = 0) =>
        new(name, parameters, 0, 0, 0, 0, [], Tensors: tensors, LargestWeight: largestWeight);
}

/// <summary>A model component (UNet, text encoder, VAE, decoder LLM) as segments, for one sample at a given input size.</summary>
/// <remarks>
/// The sums are indexed loops over the lists, adding in the same order as the LINQ they replace (so the same numbers,
/// overflow checked as before): each profile is summed once per estimate context, and in a cold native start every
/// LINQ iterator over a new element type costs its first interface calls and an enumerator per list.
/// </remarks>
public sealed record ComponentProfile(string Name, IReadOnlyList<Segment> Segments)
{
    public long Parameters
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < Segments.Count; i++)
                sum += Segments[i].Parameters;
            return sum;
        }
    }

    /// <summary>Parameters of the largest segment; like Max(), it throws for a profile with no segments.</summary>
    public long LargestSegmentParameters
    {
        get
        {
            if (Segments.Count == 0)
                throw new InvalidOperationException("Sequence contains no elements");
            var largest = Segments[0].Parameters;
            for (var i = 1; i < Segments.Count; i++)
                largest = Math.Max(largest, Segments[i].Parameters);
            return largest;
        }
    }

    public double ForwardFlops => Sum(static s => s.ForwardFlops);

    public double MaskedAttentionFlops => Sum(static s => s.MaskedAttentionFlops);

    private double Sum(Func<Segment, double> value)
    {
        double sum = 0;
        for (var i = 0; i < Segments.Count; i++)
            sum += value(Segments[i]);
        return sum;
    }

    /// <summary>
    /// Parameter tensors: each segment's own count where its builder gives one, else (an estimate) a weight and a bias per
    /// linear layer, or one tensor for a segment of bare weights.
    /// </summary>
    public long Tensors
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < Segments.Count; i++)
            {
                var s = Segments[i];
                if (s.Tensors > 0)
                {
                    sum += s.Tensors;
                    continue;
                }

                long linears = 0;
                for (var j = 0; j < s.Linears.Count; j++)
                    linears += s.Linears[j].Count;
                sum += linears > 0 ? 2 * linears : s.Parameters > 0 ? 1 : 0;
            }

            return sum;
        }
    }

    /// <summary>Linear layers on the given LoRA target roles: each adapted one adds two tensors (A and B).</summary>
    public long LinearsIn(IReadOnlyCollection<string> roles)
    {
        long sum = 0;
        for (var i = 0; i < Segments.Count; i++)
        {
            var linears = Segments[i].Linears;
            for (var j = 0; j < linears.Count; j++)
            {
                if (roles.Contains(linears[j].Role))
                    sum += linears[j].Count;
            }
        }

        return sum;
    }

    /// <summary>LoRA parameters at rank r on the given target roles: r·(in + out) per adapted linear.</summary>
    public long LoraParameters(int rank, IReadOnlyCollection<string> roles)
    {
        long sum = 0;
        for (var i = 0; i < Segments.Count; i++)
        {
            var linears = Segments[i].Linears;
            for (var j = 0; j < linears.Count; j++)
            {
                var l = linears[j];
                if (roles.Contains(l.Role))
                    sum += rank * (l.In + l.Out) * l.Count;
            }
        }

        return sum;
    }

    /// <summary>Parameters in linear layers (what 4-bit quantisation replaces).</summary>
    public long LinearParameters
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < Segments.Count; i++)
            {
                var linears = Segments[i].Linears;
                for (var j = 0; j < linears.Count; j++)
                    sum += linears[j].In * linears[j].Out * linears[j].Count;
            }

            return sum;
        }
    }
}
