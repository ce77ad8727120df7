using System.Runtime.CompilerServices;
using Rigsmith.Training.Models;
using Rigsmith.Units;

namespace Rigsmith.Training;

/// <summary>A GPU the job runs on, as the training model needs it.</summary>
/// <param name="HostLink">The GPU's PCIe bandwidth to the host, one direction; offloaded and paged optimizer states cross it.</param>
/// <param name="MemoryBandwidth">The GPU's memory bandwidth; the optimizer step's time is its memory traffic over it (none counted when unknown).</param>
public sealed record GpuTarget(string Name, Bytes Vram, TeraFlops? TensorBf16, TeraFlops TensorFp16, Watts PowerLimit, Watts BoardPower, bool DrivesDisplay = false, GigabytesPerSecond? HostLink = null,
    GigabytesPerSecond? MemoryBandwidth = null)
{
    public double HostLinkBytesPerSecond => (HostLink?.Value ?? TrainingConstants.DefaultHostLinkGBps) * 1e9;
}

/// <summary>What the rig offers the job beyond its GPUs.</summary>
/// <param name="AllreduceBusBandwidth">nccl-tests all-reduce bus bandwidth between the job's GPUs.</param>
/// <param name="WallPower">The rig's wall draw under training load, for energy.</param>
/// <param name="HostMemoryBandwidth">The host's theoretical memory bandwidth (its populated channels at their speed);
/// an offloaded optimizer steps there. Null: unknown (the measurement cases), an assumed desktop's.</param>
public sealed record RigContext(IReadOnlyList<GpuTarget> Gpus, GigabytesPerSecond AllreduceBusBandwidth, Watts WallPower, GigabytesPerSecond? HostMemoryBandwidth = null);

public enum FitVerdict { Fits, Tight, DoesNotFit }

/// <summary>One line of the per-GPU memory breakdown.</summary>
public sealed record MemoryLine(string Key, string Label, Bytes Amount);

/// <summary>One GPU's memory: what the job needs and what nvidia-smi will show.</summary>
/// <param name="Needed">
/// What the job needs at its high-water mark and the allocator cannot give back: weights, gradients, optimizer states,
/// activations, communication buffers, workspaces, CUDA context, NCCL. "Fits" is judged on it.
/// </param>
/// <param name="Peak">
/// The reading nvidia-smi shows: <paramref name="Needed"/> plus the caching allocator's elastic cache of freed blocks,
/// capped at the card (the allocator frees its cache and retries before it raises out-of-memory).
/// </param>
public sealed record GpuFit(string Gpu, IReadOnlyList<MemoryLine> Breakdown, Bytes Needed, Bytes Peak, Bytes Usable, FitVerdict Verdict)
{
    public double Headroom => Usable.Value == 0 ? 0 : 1 - Needed / Usable;
}

/// <summary>A training job on a rig: memory per GPU, step time and throughput, and the time, energy and cost of a run.</summary>
/// <param name="ComputeAtDensePeak">
/// One optimizer step's matrix multiplications at the slowest GPU's dense tensor rate, fully used: a floor no run with
/// these settings can beat, which tells a published speed that cannot come from the settings it is given with.
/// </param>
public sealed record FitEstimate(
    TrainingSettings Settings,
    ModelSpec Model,
    int Gpus,
    long TrainableParameters,
    IReadOnlyList<GpuFit> PerGpu,
    Bytes HostRam,
    Seconds StepTime,
    Seconds ComputePerStep,
    Seconds ExposedCommunicationPerStep,
    double SamplesPerSecond,
    double ScalingEfficiency,
    Seconds Run,
    KilowattHours Energy,
    Money? Cost,
    IReadOnlyList<string> Notes,
    Seconds ComputeAtDensePeak)
{
    public bool Fits
    {
        get
        {
            // A loop rather than All(): the settings search asks every candidate.
            for (var i = 0; i < PerGpu.Count; i++)
            {
                if (PerGpu[i].Verdict == FitVerdict.DoesNotFit)
                    return false;
            }

            return true;
        }
    }

    public FitVerdict Verdict => PerGpu.Max(g => g.Verdict);
    public GpuFit Worst => PerGpu.MaxBy(g => g.Needed / g.Usable)!;
}

/// <summary>
/// Per-GPU memory, host memory and step time of a training job on a rig. Pure: the same inputs give the same answer.
/// docs/models/training.md explains each term and its source.
/// </summary>
/// <remarks>
/// The settings search estimates many candidates, so this is written for speed: sums over a component's segments are
/// taken once per profile (<see cref="ProfileSums"/>), the memory that does not depend on the GPU is worked out once per
/// estimate rather than once per GPU, and there is no LINQ on the way. Every sum still adds the same terms in the same
/// order as the plain formulas, so the numbers are the same to the last bit.
/// </remarks>
public static class TrainingEstimator
{
    private const double GiB = Bytes.GiB;

    /// <summary>What each component does in the job.</summary>
    /// <param name="GradientParams">Parameters that get a gradient: the trainable ones, or with frozen_gradients the whole
    /// component whose share is frozen only in the optimizer.</param>
    private readonly record struct Part(ModelComponent Component, ComponentProfile Profile, ProfileSums Sums, bool OnGpu, bool GradientPath, double TrainableParams, bool Quantised,
        double TrainableTensors, double GradientParams);

    /// <summary>
    /// What the estimate reads of a component at one input size, summed over its segments once: the profile's own
    /// properties (the same expressions, so the same numbers) and the few sums the memory and speed model add to them.
    /// </summary>
    private sealed class ProfileSums
    {
        public ProfileSums(ComponentProfile profile)
        {
            var segments = profile.Segments;
            Parameters = profile.Parameters;
            LinearParameters = profile.LinearParameters;
            for (var i = 0; i < segments.Count; i++)
            {
                LargestTensor = Math.Max(LargestTensor, segments[i].LargestWeight);
                var linears = segments[i].Linears;
                for (var j = 0; j < linears.Count; j++)
                {
                    var l = linears[j];
                    LinearLayers += l.Count;
                    LargestTensor = Math.Max(LargestTensor, l.In * l.Out);
                    if (l.Role == "head")
                        continue;
                    QuantisableParameters += l.In * l.Out * l.Count;
                    LargestLinear = Math.Max(LargestLinear, l.In * l.Out);
                }
            }
            ForwardFlops = profile.ForwardFlops;
            MaskedAttentionFlops = profile.MaskedAttentionFlops;
            // LoRA parameters are r·(in + out) per adapted linear: r times these sums, exactly, in integers.
            AttnLoraWidth = profile.LoraParameters(1, ["attn"]);
            MlpLoraWidth = profile.LoraParameters(1, ["mlp"]);
            Tensors = profile.Tensors;
            AttnLinears = profile.LinearsIn(["attn"]);
            MlpLinears = profile.LinearsIn(["mlp"]);
            double encoderFlops = 0;
            for (var i = 0; i < segments.Count; i++)
            {
                if (segments[i].Name.StartsWith("encoder", StringComparison.Ordinal))
                    encoderFlops += segments[i].ForwardFlops;
            }

            EncoderFlops = encoderFlops;
            if (segments.Count > 0)
            {
                _largestSegmentParameters = profile.LargestSegmentParameters;
                double encode = segments[0].InputElements * 4, naive = segments[0].InputElements * 4 + segments[0].AttentionScoreElements;
                for (var i = 1; i < segments.Count; i++)
                {
                    encode = Math.Max(encode, segments[i].InputElements * 4);
                    naive = Math.Max(naive, segments[i].InputElements * 4 + segments[i].AttentionScoreElements);
                }

                (_encodeElements, _encodeElementsNaive) = (encode, naive);
            }
        }

        private readonly long? _largestSegmentParameters;
        private readonly double? _encodeElements;
        private readonly double? _encodeElementsNaive;

        public long Parameters { get; }
        public long LinearParameters { get; }
        /// <summary>
        /// Parameters of the linears that 4-bit quantisation replaces: all but the LM head, which bitsandbytes through
        /// transformers (llm_int8_skip_modules defaults to the output embedding) and torchtune (only LoRALinear layers
        /// are quantised, the output projection is not) keep in 16 bits.
        /// </summary>
        public long QuantisableParameters { get; }
        /// <summary>The largest single quantisable linear weight: the one bitsandbytes dequantises to 16 bits while it computes.</summary>
        public long LargestLinear { get; }

        /// <summary>The largest weight tensor: a linear (the LM head included) or an embedding table.</summary>
        public long LargestTensor { get; }

        /// <summary>Linear layers, the LM head included.</summary>
        public long LinearLayers { get; }
        public double ForwardFlops { get; }
        /// <summary>Forward FLOPs of causally masked attention scores: computed only by a naive kernel.</summary>
        public double MaskedAttentionFlops { get; }
        public long AttnLoraWidth { get; }
        public long MlpLoraWidth { get; }
        /// <summary>Parameter tensors of the component.</summary>
        public long Tensors { get; }
        /// <summary>Linear layers on LoRA's attention and MLP targets: each adapted one adds two tensors.</summary>
        public long AttnLinears { get; }
        public long MlpLinears { get; }
        /// <summary>Forward FLOPs of the segments named encoder… (a VAE's encoder).</summary>
        public double EncoderFlops { get; }

        /// <summary>Parameters of the largest segment; like Max(), it throws for a profile with no segments.</summary>
        public long LargestSegmentParameters => _largestSegmentParameters ?? throw NoSegments();

        /// <summary>The largest segment input (×4) plus, with a naive attention kernel, its attention scores: what encoding with the VAE holds.</summary>
        public double EncodeElements(bool naive) => (naive ? _encodeElementsNaive : _encodeElements) ?? throw NoSegments();

        private static InvalidOperationException NoSegments() => new("Sequence contains no elements");
    }

    /// <summary>Profiles are cached by their component and immutable, so their sums are kept for as long as the profile lives.</summary>
    private static readonly ConditionalWeakTable<ComponentProfile, ProfileSums> SumsCache = new();

    private static ProfileSums SumsOf(ComponentProfile profile) => SumsCache.GetValue(profile, static p => new ProfileSums(p));

    /// <summary>Memory lines that are the same on every GPU of the job, their running sum and the paged optimizer states.</summary>
    private readonly record struct SharedMemory(List<MemoryLine> Lines, double Sum, double PagedStates, double ElasticCache);

    public static FitEstimate Estimate(TrainingSettings s, ModelSpec model, RigContext rig)
    {
        List<string>? notes = null;
        var n = Math.Clamp(s.Gpus ?? rig.Gpus.Count, 1, Math.Max(1, rig.Gpus.Count));
        // DeepSpeed runs its ZeRO optimizer on one rank as on many (a single-GPU ZeRO-2 with the optimizer offloaded is a
        // common way to fit a full fine-tune on one card): 16-bit working weights and gradients on the GPU, the fp32
        // master weights in the optimizer's state, its gradient bucket (DeepSpeedZeroOptimizer in
        // deepspeed/runtime/zero/stage_1_and_2.py does not depend on the world size). Other strategies on one GPU are
        // plain single-GPU training.
        var parallel = n == 1
            ? s.Parallel is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3 ? s.Parallel : Parallelism.Single
            : s.Parallel == Parallelism.Single ? Parallelism.Ddp : s.Parallel;
        if (s.FusedBackward && (n > 1 || s.GradientAccumulation > 1))
        {
            // Stepping each weight as its gradient arrives needs the whole gradient at once: kohya's fused backward pass
            // and torchtune's optimizer_in_bwd refuse gradient accumulation and data-parallel training.
            Note(ref notes, "The fused backward pass works only on one GPU without gradient accumulation; estimated without it.");
            s = s with { FusedBackward = false };
        }
        var parts = Parts(s, model, ref notes);
        var samplesPerMicroBatch = s.Batch * (s.Method == TrainingMethod.Dreambooth ? 2 : 1);

        var trainable = 0.0;
        foreach (var p in parts)
            trainable += p.TrainableParams;
        var gpus = n >= rig.Gpus.Count ? rig.Gpus : rig.Gpus.Take(n).ToList();
        var shared = Memory(s, parts, trainable, n, parallel, samplesPerMicroBatch);
        var perGpu = new List<GpuFit>(gpus.Count);
        var pagedEverywhere = true;
        foreach (var g in gpus)
        {
            var (fit, paged) = Memory(shared, g);
            perGpu.Add(fit);
            pagedEverywhere &= paged;
        }

        var host = HostMemory(s, model, parts, trainable, n, parallel);
        var (step, compute, comm, single, backward, atDensePeak) = StepTime(s, model, parts, trainable, n, parallel, samplesPerMicroBatch, gpus, rig.AllreduceBusBandwidth, rig.HostMemoryBandwidth, ref notes);
        if (s.Optimizer == Optimizer.PagedAdamw8bit && s.Offload == Offload.None && !pagedEverywhere)
        {
            // States that do not fit are paged to host memory and back each step (two 1-byte states per parameter, both
            // ways) over the GPU's host link; the driver overlaps the paging with the backward pass.
            var link = SlowestHostLink(gpus);
            var paging = trainable * 2 * 2 / (StatesShardedFor(parallel) ? n : 1) / link;
            Note(ref notes, "The paged optimizer's states do not fit beside the job; they are paged over PCIe every step.");
            step += Math.Max(0, paging - backward);
            single += Math.Max(0, trainable * 4 / link - backward);
        }
        var samplesPerStep = (double)s.Batch * s.GradientAccumulation * n;
        var samplesPerSecond = samplesPerStep / step;
        var singleRate = s.Batch * s.GradientAccumulation / single;
        var run = Seconds.From(s.DatasetSize * s.Epochs / samplesPerSecond);
        var energy = rig.WallPower * run;
        Money? cost = s.ElectricityPrice is { } price ? price.Cost(energy) : null;
        return new FitEstimate(s, model, n, (long)trainable, perGpu, host, Seconds.From(step), Seconds.From(compute), Seconds.From(comm), samplesPerSecond,
            samplesPerSecond / (n * singleRate), run, energy, cost, (IReadOnlyList<string>?)notes ?? [], Seconds.From(atDensePeak));
    }

    private static void Note(ref List<string>? notes, string note) => (notes ??= []).Add(note);

    private static Part[] Parts(TrainingSettings s, ModelSpec model, ref List<string>? notes)
    {
        var components = model.Components;
        var parts = new Part[components.Count];
        var diffusion = model.Family == ModelFamily.Diffusion;
        for (var i = 0; i < components.Count; i++)
        {
            var c = components[i];
            var profile = c.Profile(s.Resolution, s.SequenceLength);
            var sums = SumsOf(profile);
            var roleTrains = c.Role is ComponentRole.Denoiser or ComponentRole.Llm
                || (c.Role == ComponentRole.TextEncoder && s.TrainTextEncoder);
            double trainable = 0, tensors = 0;
            if (roleTrains && s.Method != TrainingMethod.TextualInversion)
            {
                trainable = s.IsLora
                    ? s.LoraRank * (s.LoraTargets == LoraTargets.Attn ? sums.AttnLoraWidth : sums.AttnLoraWidth + sums.MlpLoraWidth)
                    : sums.Parameters * (c.Role == ComponentRole.TextEncoder ? 1.0 : s.TrainableFraction);
                // LoRA adds A and B to each adapted linear; a frozen share is assumed to freeze the same share of tensors.
                tensors = s.IsLora
                    ? 2.0 * (s.LoraTargets == LoraTargets.Attn ? sums.AttnLinears : sums.AttnLinears + sums.MlpLinears)
                    : sums.Tensors * (c.Role == ComponentRole.TextEncoder ? 1.0 : s.TrainableFraction);
            }
            else if (s.Method == TrainingMethod.TextualInversion && c.Role == ComponentRole.TextEncoder)
            {
                // Assumption: eight new token embeddings of the encoder's width; negligible either way next to the frozen weights.
                trainable = 8 * c.Config.Int("hidden_size", 768);
                tensors = 1;
            }

            var gradientPath = c.Role is ComponentRole.Denoiser or ComponentRole.Llm
                || (c.Role == ComponentRole.TextEncoder && (s.TrainTextEncoder || s.Method == TrainingMethod.TextualInversion));
            var onGpu = c.Role switch
            {
                ComponentRole.Vae => !s.CacheLatents || s.ResidentEncoders,
                ComponentRole.TextEncoder => gradientPath || !s.CacheTextEncoderOutputs || s.ResidentEncoders,
                _ => true,
            };
            if (c.Role == ComponentRole.TextEncoder && gradientPath && s.CacheTextEncoderOutputs)
                Note(ref notes, $"Text-encoder outputs cannot be cached while {c.Name} trains; it stays on the GPU.");
            // kohya's block_lr 0 leaves the frozen blocks requiring gradients: the whole component gets them.
            var gradients = s.FrozenGradients && !s.IsLora && trainable > 0 && (c.Role is ComponentRole.Denoiser or ComponentRole.Llm)
                ? sums.Parameters
                : trainable;
            parts[i] = new Part(c, profile, sums, onGpu, gradientPath, trainable,
                s.Method == TrainingMethod.Qlora && c.Role is ComponentRole.Denoiser or ComponentRole.Llm, tensors, gradients);
        }

        if (diffusion && s.Resolution > model.NativeResolution)
            Note(ref notes, $"{s.Resolution} px is above {model.Name}'s native {model.NativeResolution} px.");
        return parts;
    }

    private static double GradientParamsOf(Part[] parts)
    {
        double total = 0;
        foreach (var p in parts)
            total += p.GradientParams;
        return total;
    }

    private static bool StatesShardedFor(Parallelism p) => p is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3 or Parallelism.Fsdp or Parallelism.Fsdp2;

    private static double WeightBytes(TrainingSettings s) => s.Precision == Precision.Fp32 || s.Mixed ? 4 : 2;

    /// <summary>Bytes per 4-bit weight with its quantisation constants, double-quantised or not.</summary>
    private static double Nf4Bytes(TrainingSettings s) => s.DoubleQuant ? TrainingConstants.Nf4BytesPerParameter : TrainingConstants.Nf4NoDoubleQuantBytesPerParameter;

    private static double FrozenBytes(TrainingSettings s) => s.Precision == Precision.Fp32 ? 4 : 2;

    private static double GradientBytes(TrainingSettings s) => s.HalfWeights ? 2 : 4;

    private static double GradientBytesFor(TrainingSettings s) => GradientBytes(s);

    /// <summary>
    /// Bytes per activation element. PEFT's prepare_model_for_kbit_training casts every weight that is not quantised
    /// (embeddings, norms, the LM head) to fp32 ("cast all non INT8 parameters to fp32", peft/utils/other.py), so a
    /// 4-bit model's residual stream starts fp32 at the embedding, every RMSNorm returns fp32 (its fp32 weight times the
    /// normalised input), and bitsandbytes' Linear4bit returns its input's dtype: the layers run in fp32.
    /// </summary>
    private static double ActivationBytes(TrainingSettings s) => s.Precision == Precision.Fp32 || KbitUpcast(s) ? 4 : 2;

    private static bool KbitUpcast(TrainingSettings s) => s.KbitUpcast && s.Method == TrainingMethod.Qlora;

    /// <summary>
    /// Bytes per logit as the LM head returns them: 16-bit, unless the model trains in fp32 or its head was upcast to fp32
    /// and no autocast brings the matmul back to 16 bits.
    /// </summary>
    private static double LogitBytes(TrainingSettings s) => s.Precision == Precision.Fp32 || (KbitUpcast(s) && !s.Mixed) ? 4 : 2;

    /// <summary>
    /// Input elements, per sample, of the segment's linears that carry a LoRA adapter: what dropout copies, once per
    /// adapted module (PEFT gives each adapted linear its own lora_dropout module, even where q, k and v share an input).
    /// </summary>
    private static double AdapterInputElements(TrainingSettings s, Segment seg)
    {
        double elements = 0;
        foreach (var l in seg.Linears)
        {
            if (l.Role == "attn" || (l.Role == "mlp" && s.LoraTargets != LoraTargets.Attn))
                elements += (double)l.In * l.Tokens * l.Count;
        }

        return elements;
    }

    /// <summary>
    /// The tensor-sized fp32 temporaries transformers' Adafactor holds at once while it steps one parameter
    /// (src/transformers/optimization.py, Adafactor.step): a 16-bit parameter's gradient and weight are copied to fp32
    /// (<c>grad.float()</c>, <c>p_data_fp32</c>), and beside them <c>grad**2 + eps</c> is still alive when the factored
    /// estimate (<c>_approx_sq_grad</c>) is made, as the estimate is when <c>-update</c> is; four in all. An fp32 parameter
    /// steps on its own gradient and weight, so two.
    /// </summary>
    private static int AdafactorStepCopies(TrainingSettings s) => s.HalfWeights ? 4 : 2;

    /// <summary>Optimizer state bytes per trainable parameter (linear-layer params for Adafactor's factored second moment).</summary>
    private static double StateBytes(TrainingSettings s, double trainable, double trainableNonLinear)
    {
        // torch optimizers keep their states in the parameters' dtype; bitsandbytes 8-bit ones in one byte.
        var half = s.HalfWeights ? 2.0 : 4.0;
        return s.Optimizer switch
        {
            Optimizer.Adamw => 2 * half * trainable,
            Optimizer.Adamw8bit or Optimizer.PagedAdamw8bit => 2 * TrainingConstants.Bnb8bitStateBytes * trainable,
            Optimizer.Lion => half * trainable,
            Optimizer.Lion8bit => TrainingConstants.Bnb8bitStateBytes * trainable,
            Optimizer.Sgd => 0,
            Optimizer.SgdMomentum => half * trainable,
            // exp_avg, exp_avg_sq, s and p0 (Prodigy keeps four tensors per parameter).
            Optimizer.Prodigy => 4 * half * trainable,
            // Factored second moment: rows + columns of each matrix, negligible for linears; a k×k conv keeps 2/k of its size.
            Optimizer.Adafactor => 4 * trainableNonLinear * 2.0 / 3.0,
            _ => throw new ArgumentOutOfRangeException(nameof(s)),
        };
    }

    /// <summary>
    /// Everything on a GPU's memory breakdown up to the NCCL buffers, which is the same on each GPU of the job; the lines
    /// that depend on the GPU (the desktop, resident paged states) are added by <see cref="Memory(SharedMemory, GpuTarget)"/>.
    /// </summary>
    private static SharedMemory Memory(TrainingSettings s, Part[] parts, double trainable, int n, Parallelism parallel, int samples)
    {
        var lines = new List<MemoryLine>(12);
        var sum = 0.0; // the lines' total so far, added in order
        void Add(string key, string label, double bytes)
        {
            if (bytes > 0)
            {
                var amount = Bytes.From(bytes);
                lines.Add(new MemoryLine(key, label, amount));
                sum += amount.Value;
            }
        }

        var sharded = parallel is Parallelism.Zero3 or Parallelism.Fsdp or Parallelism.Fsdp2;
        var zero = parallel is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3;
        var statesSharded = StatesShardedFor(parallel);
        var gradsSharded = parallel is Parallelism.Zero2 or Parallelism.Zero3 or Parallelism.Fsdp or Parallelism.Fsdp2;
        var paramOffload = s.Offload == Offload.OptimizerAndParameters;
        var optimizerOffload = s.Offload != Offload.None;

        // Weights: frozen in half precision (NF4 for QLoRA's linears but the LM head), trainable in their training dtype.
        double frozen = 0, frozenOutside = 0, trainableWeights = 0, quantConstants = 0;
        long largestQuantisedLinear = 0;
        // bitsandbytes keeps each 4-bit layer's quantisation constants (absmax, and under double quantisation its 8-bit
        // code and fp32 second-level constants) in a QuantState on the module, not in a parameter
        // (Params4bit._quantize sets module.quant_state; Linear4bit.forward restores it "for example for fsdp",
        // bitsandbytes/nn/modules.py): FSDP and ZeRO-3 shard and offload the packed 4-bit storage only, and every GPU
        // holds all the constants. torchao's NF4Tensor carries its scalers inside the tensor, which FSDP2 shards with it.
        var wholeConstants = s.QuantBackend == QuantBackend.Bitsandbytes
            && (parallel is Parallelism.Zero3 or Parallelism.Fsdp or Parallelism.Fsdp2 || s.Offload == Offload.OptimizerAndParameters);
        foreach (var p in parts)
        {
            if (!p.OnGpu)
                continue;
            var frozenParams = p.Sums.Parameters - (s.IsLora ? 0 : p.TrainableParams);
            if (p.Quantised)
            {
                var constants = wholeConstants ? p.Sums.QuantisableParameters * (Nf4Bytes(s) - TrainingConstants.Nf4PackedBytesPerParameter) : 0;
                quantConstants += constants;
                frozen += p.Sums.QuantisableParameters * Nf4Bytes(s) - constants + (p.Sums.Parameters - p.Sums.QuantisableParameters) * (KbitUpcast(s) ? 4 : 2);
                largestQuantisedLinear = Math.Max(largestQuantisedLinear, p.Sums.LargestLinear);
            }
            else if (!p.GradientPath)
            {
                // A frozen component the gradient does not pass through (text encoders that do not train, the VAE) is not
                // the model handed to DeepSpeed or FSDP: the trainers move it to each GPU whole (kohya's
                // prepare_deepspeed_model takes only the models that train; diffusers' scripts .to(device) the rest).
                frozenOutside += frozenParams * FrozenBytes(s);
            }
            else
            {
                // A share frozen only in the optimizer (frozen_gradients) stays in the training dtype with the rest of
                // its component: kohya casts the U-Net as a whole, fp32 under mixed precision.
                frozen += frozenParams * (p.GradientParams > p.TrainableParams ? WeightBytes(s) : FrozenBytes(s));
            }
        }

        // DeepSpeed keeps half-precision working weights on the GPU and the fp32 master copy in the (shardable) optimizer state.
        var masterInState = zero && s.Mixed;
        // Under DeepSpeed the engine holds the model in 16 bits and no autocast runs: accelerate turns its native AMP off
        // for DistributedType.DEEPSPEED (Accelerator.__init__, native_amp, src/accelerate/accelerator.py), so there is no
        // cast cache of half-precision weight copies and GroupNorm runs in the 16-bit dtype.
        var autocast = s.Mixed && !masterInState;
        trainableWeights = trainable * (masterInState ? 2 : WeightBytes(s));
        var weightDivisor = sharded ? n : 1;
        if (paramOffload)
            weightDivisor = int.MaxValue;
        Add("weights_frozen", "Frozen weights", frozen / weightDivisor + frozenOutside);
        Add("quant_constants", "4-bit quantisation constants (held whole on each GPU)", quantConstants);
        Add("weights_trainable", "Trainable weights", trainableWeights / weightDivisor);
        // diffusers' EMAModel clones every trainable parameter in its own dtype (shadow_params, training_utils.py) and
        // the training scripts move it to the GPU; every process keeps the whole copy.
        Add("ema_weights", "EMA copy of the trainable weights", s.Ema ? trainable * WeightBytes(s) : 0);

        // Over the trainable parts: their non-linear share (for Adafactor), their largest segment's trainable share, and
        // their largest trainable tensor, which an optimizer that steps tensor by tensor holds temporaries the size of: the
        // largest weight matrix (a decoder's is its vocabulary-sized embedding or head, whole tensors being frozen or not),
        // or for LoRA the adapters' share of it; a part without linears falls back to its largest segment.
        double nonLinear = 0, largestTrainableSegment = 0, largestTrainableTensor = 0;
        var anyTrainable = false;
        foreach (var p in parts)
        {
            if (p.TrainableParams <= 0)
                continue;
            nonLinear += p.TrainableParams / p.Sums.Parameters * (p.Sums.Parameters - p.Sums.LinearParameters);
            largestTrainableSegment = MaxOf(largestTrainableSegment, p.Sums.LargestSegmentParameters * p.TrainableParams / p.Sums.Parameters, !anyTrainable);
            var tensor = p.Sums.LargestTensor > 0 ? p.Sums.LargestTensor : p.Sums.LargestSegmentParameters;
            largestTrainableTensor = Math.Max(largestTrainableTensor, s.IsLora ? tensor * p.TrainableParams / p.Sums.Parameters : tensor);
            anyTrainable = true;
        }

        var nonLinearTrainable = s.IsLora ? 0 : nonLinear;
        var states = StateBytes(s, trainable, nonLinearTrainable) + (masterInState ? 4 * trainable : 0);
        // bitsandbytes' paged optimizers keep their states in CUDA unified memory, outside PyTorch's allocator; the
        // driver pages them to host memory when the GPU runs short, so they stay resident only if they fit (added below).
        var paged = s.Optimizer == Optimizer.PagedAdamw8bit && !optimizerOffload;
        var pagedStates = paged ? states / (statesSharded ? n : 1) : 0;
        Add("optimizer_states", masterInState ? "Optimizer states and fp32 master weights" : "Optimizer states",
            optimizerOffload || paged ? 0 : states / (statesSharded ? n : 1));

        // DeepSpeed keeps half-precision gradients for its half-precision working weights. ZeRO-1 keeps them whole
        // through the backward pass and reduces them at the accumulation boundary; ZeRO-2 and -3 keep only their partition.
        var gradBytes = masterInState ? 2 : GradientBytes(s);
        // With frozen_gradients the frozen share's gradients are made and kept too; no optimizer step frees them.
        var gradientParams = GradientParamsOf(parts);
        var gradsTotal = s.FusedBackward
            ? (largestTrainableSegment + gradientParams - trainable) * gradBytes
            : gradientParams * gradBytes / (gradsSharded ? n : 1);
        // The gradients the optimizer step sees: after the last micro-batch's reduction, sharded where the strategy shards them.
        var stepGrads = gradsTotal;
        // ZeRO-Offload (ZeRO-2 and -3 with the optimizer on the host): each gradient, once reduced, is copied into the
        // fp32 partition on the host and freed on the GPU (async_inplace_copy_grad_to_fp32_buffer_from_gpu sets
        // param.grad = None, "offload only", in deepspeed/runtime/zero/stage_1_and_2.py), staged through a 16-bit buffer
        // (temp_grad_buffer_for_gpu_offload) that each parameter's copy narrows to its own size, so one as large as the
        // largest parameter. The GPU keeps no gradients but its bucket and that buffer. (ZeRO-1 keeps its gradients
        // whole until the accumulation boundary.)
        var gradsToHost = optimizerOffload && parallel is Parallelism.Zero2 or Parallelism.Zero3 && trainable > 0 && !s.FusedBackward;
        if (gradsToHost)
        {
            long largestTensor = 0;
            foreach (var p in parts)
            {
                if (p.TrainableParams > 0)
                    largestTensor = Math.Max(largestTensor, p.Sums.LargestTensor);
            }

            Add("offload_staging", "ZeRO-Offload gradient staging buffer", largestTensor * gradBytes);
            (gradsTotal, stepGrads) = (0, 0);
        }

        // FSDP1 accumulates gradients inside no_sync() (Lightning's no_backward_sync, accelerate's accumulate), where it
        // keeps each unit's unsharded gradient until the synchronising micro-batch: "FSDP will accumulate the full model
        // gradients (instead of gradient shards) until the eventual sync" (FullyShardedDataParallel.no_sync,
        // torch/distributed/fsdp/fully_sharded_data_parallel.py). The gradient is that of the unit's whole FlatParameter,
        // frozen weights included (see frozen_gradients below). After the step the sharded gradient of the frozen weights
        // is freed: their original parameters never receive gradient views (FlatParamHandle._use_sharded_grad_views sets
        // .grad only where param.requires_grad), so once zero_grad(set_to_none) clears the trainable ones every original
        // .grad is None and _reset_flat_param_grad_info_if_needed drops flat_param.grad (torch/distributed/fsdp/_flat_param.py).
        var fsdpNoSync = parallel == Parallelism.Fsdp && s.GradientAccumulation > 1 && !s.FusedBackward && trainable > 0;
        if (fsdpNoSync)
            gradsTotal = FsdpUnitGradientParameters(s, parts) * gradBytes;

        // Communication buffers, alive from the first backward to the end of the job.
        // DDP's reducer keeps its own flat buckets the size of all gradients (gradient_as_bucket_view=False, the default;
        // with it on, ddp_bucket_view, the gradients are views into the buckets and no second copy is held:
        // https://pytorch.org/docs/stable/generated/torch.nn.parallel.DistributedDataParallel.html).
        // DeepSpeed ZeRO allocates its gradient bucket (ipg_buffer) whole, reduce_bucket_size elements in the gradient
        // dtype, in backward() whenever contiguous_gradients is on (the default), and a second one under overlap_comm
        // (deepspeed/runtime/zero/stage_1_and_2.py, DeepSpeedZeroOptimizer.backward; stage3.py's flat ipg bucket).
        double buckets = 0;
        if (parallel == Parallelism.Ddp && !s.DdpBucketView)
            buckets = gradientParams * gradBytes;
        else if (zero && trainable > 0)
            buckets = TrainingConstants.ZeroReduceBucketElements * gradBytes * (ZeroOverlapComm(parallel) ? 2 : 1);
        Add("communication_buckets", parallel == Parallelism.Ddp ? "DDP gradient buckets" : "ZeRO gradient buckets (ipg_buffer)", buckets);
        // What a gathered 4-bit unit brings: its packed storage, and its constants unless every GPU holds them already.
        var gatheredNf4Bytes = wholeConstants ? TrainingConstants.Nf4PackedBytesPerParameter : Nf4Bytes(s);
        double preUnshardCopy = 0, fsdpInit = 0;
        if (sharded || paramOffload)
        {
            // Two units' full weights are gathered at a time: the one computing and the one prefetched (FSDP's
            // BACKWARD_PRE prefetch, DeepSpeed's estimator's 2 × largest layer). QLoRA's units are gathered as their
            // packed 4-bit storage. FSDP also holds one unit's unsharded gradient as the reduce-scatter's input.
            double largestPathSegment = 0, unitGradient = 0;
            var first = true;
            foreach (var p in parts)
            {
                if (!p.GradientPath)
                    continue;
                var bytes = p.Quantised
                    ? p.Sums.LargestSegmentParameters * gatheredNf4Bytes
                    : p.Sums.LargestSegmentParameters * FrozenBytes(s);
                largestPathSegment = first ? bytes : Math.Max(largestPathSegment, bytes);
                first = false;
                if (p.TrainableParams > 0)
                    unitGradient = Math.Max(unitGradient, p.Sums.LargestSegmentParameters * (p.TrainableParams / p.Sums.Parameters) * gradBytes);
            }

            if (parallel == Parallelism.Fsdp && LlmRootUnit(parts) is { Layer: > 0 } unit)
            {
                // FSDP1 wraps each decoder layer (transformer auto-wrap: litgpt's {Block}, accelerate's and PEFT's
                // policies) and leaves the embedding, final norm and LM head in the root unit, which it does not reshard
                // after forward: "Do not free the root's parameters in the post-forward for FULL_SHARD"
                // (_post_forward_reshard, torch/distributed/fsdp/_runtime_utils.py). The root is held unsharded through
                // forward and backward, in 16 bits (the LM head is not quantised), beside two gathered layers; its own
                // shard is already in the weights above unless the parameters are offloaded.
                var layerBytes = unit.Quantised ? unit.Layer * gatheredNf4Bytes : unit.Layer * FrozenBytes(s);
                var root = unit.Root * FrozenBytes(s) * (paramOffload ? 1 : (n - 1.0) / n);
                // With the parameters offloaded, each unshard first copies the unit's shard to the GPU on FSDP's
                // pre-unshard stream (FlatParamHandle.pre_unshard: flat_param_to(device)); the caching allocator keeps
                // freed blocks per stream, so the largest such copy, the root's shard, stays reserved for the smaller
                // layer shards that follow: part of the allocator's cache, not of what the job needs.
                if (paramOffload)
                    preUnshardCopy = Math.Max(unit.Root * FrozenBytes(s), layerBytes) / n;
                // Wrapping, FSDP1 builds each unit's FlatParameter on the GPU (device_id): the unit's parameters
                // materialised there and their flattened concatenation (FlatParamHandle.flatten_tensors, torch.cat), of
                // which it keeps its shard. The largest unit's two copies stay in the allocator's cache, a phase of its
                // own before training (Answer.AI's benchmark notes 3.72 GiB reserved after wrapping Llama-2-7B QLoRA on
                // two GPUs, for about 1.75 GB of sharded weights).
                fsdpInit = 2 * Math.Max(unit.Root * FrozenBytes(s), layerBytes);
                Add("gathered_parameters", "Gathered parameters (sharded/offloaded)", 2 * layerBytes);
                Add("fsdp_root_unit", "FSDP root unit held unsharded (embedding, LM head)", root);
            }
            else if (parallel == Parallelism.Zero3)
            {
                // DeepSpeed ZeRO-3 keeps a gathered parameter until it has not been reused within
                // stage3_max_reuse_distance parameters, up to stage3_max_live_parameters (both 1e9 by default,
                // https://www.deepspeed.ai/docs/config-json/): at the turn from forward to backward the last 1e9
                // parameters of the forward pass are still gathered for the backward pass that reuses them first.
                double pathParameters = 0, pathBytes = 0;
                foreach (var p in parts)
                {
                    if (!p.GradientPath)
                        continue;
                    pathParameters += p.Sums.Parameters;
                    pathBytes += p.Quantised ? p.Sums.Parameters * gatheredNf4Bytes : p.Sums.Parameters * FrozenBytes(s);
                }

                var live = pathParameters <= 0 ? 0 : Math.Min(pathParameters, TrainingConstants.ZeroMaxLiveParameters) / pathParameters * pathBytes;
                Add("gathered_parameters", "Gathered parameters (sharded/offloaded)", Math.Max(2 * largestPathSegment, live));
            }
            else
            {
                Add("gathered_parameters", "Gathered parameters (sharded/offloaded)", 2 * largestPathSegment);
            }

            if (parallel is Parallelism.Fsdp or Parallelism.Fsdp2)
                Add("reduce_scatter", "FSDP unsharded unit gradient (reduce-scatter input)", unitGradient);
        }

        if (parallel == Parallelism.Fsdp && s.FsdpUseOrigParams && trainable > 0 && !paramOffload && !fsdpNoSync)
        {
            // FSDP1 flattens each wrapped unit's parameters into one FlatParameter; with frozen and trainable weights in
            // the same unit (LoRA, a frozen share) the gradient covers the whole flat parameter, frozen weights
            // included: "the gradient memory usage will be higher than expected (namely, equivalent to not freezing
            // those parameters)" (https://pytorch.org/docs/stable/fsdp.html, use_orig_params). FSDP2 shards per parameter;
            // 4-bit weights are stored as integers that take no gradient, and CPUOffload(offload_params) keeps the
            // gradients on the host.
            double pathParameters = 0;
            foreach (var p in parts)
            {
                if (p.GradientPath && p.TrainableParams > 0 && !p.Quantised)
                    pathParameters += p.Sums.Parameters;
            }

            Add("frozen_gradients", "FSDP flat-parameter gradients of frozen weights", Math.Max(0, pathParameters - trainable) * gradBytes / n);
        }

        var persistent = sum;

        // Forward and backward: walk the gradient path's segments in reverse, as autograd does, and take the largest sum
        // of activations still held and gradients already produced.
        var actBytes = ActivationBytes(s) * samples;
        var naive = s.Attention == AttentionKernel.Naive;
        var checkpointing = s.GradientCheckpointing;
        var pathLength = 0;
        foreach (var p in parts)
        {
            if (p.GradientPath)
                pathLength += p.Profile.Segments.Count;
        }

        var lossBytes = LossBytesPerLogit(s) * samples;
        // A training loop that keeps the model's output object until after the optimizer step (Answer.AI's train.py clears
        // it with `output = None` only then) keeps its logits alive through the whole backward pass and the step, beside
        // what the loss itself holds. transformers' causal LMs return them upcast to fp32 (`logits = logits.float()`,
        // LlamaForCausalLM.forward up to v4.45, and torchtune's TransformerDecoder of April 2024, whose recipe kept them in a
        // local); torchtune's current recipes delete them before backward ("free logits otherwise it peaks backward
        // memory") and transformers' Trainer returns the loss alone. The chunked losses' 16-bit logits are
        // already in their own count (LossBytesPerLogit).
        double heldLogits = 0;
        if (s.KeepLogits && !s.ChunkedLoss)
        {
            foreach (var p in parts)
            {
                if (!p.GradientPath)
                    continue;
                foreach (var seg in p.Profile.Segments)
                    heldLogits += seg.LogitElements * 4.0 * samples;
            }
        }

        // Under autocast, what runs in fp32 (GroupNorm outputs) takes 4 bytes where the count assumed the half-precision 2.
        var fp32Extra = autocast ? (4 - ActivationBytes(s)) * (double)samples : 0;
        // LoRA dropout (p > 0): each adapted linear keeps its dropped-out input (the adapter's A saves it) and the boolean
        // mask (native_dropout's second output, saved for the backward pass), beside the input the frozen layer saves.
        var dropoutBytes = s.IsLora && s.LoraDropout > 0 ? (ActivationBytes(s) + 1.0) * samples : 0;
        // What a segment keeps for the backward pass when it is not checkpointed (or while it is being recomputed).
        double Full(Segment seg, double dropout) =>
            (seg.SavedElements + (naive ? seg.AttentionScoreElements : 0)) * actBytes + seg.LogitElements * lossBytes + seg.AutocastFp32Elements * fp32Extra
            + (dropout > 0 ? AdapterInputElements(s, seg) * dropout : 0);
        // keptBefore[i]: the bytes the path's first i segments keep for the backward pass.
        var keptBefore = pathLength < 512 ? stackalloc double[pathLength + 1] : new double[pathLength + 1];
        keptBefore[0] = 0;
        var index = 0;
        foreach (var p in parts)
        {
            if (!p.GradientPath)
                continue;
            var dropout = p.TrainableParams > 0 ? dropoutBytes : 0;
            foreach (var seg in p.Profile.Segments)
            {
                keptBefore[index + 1] = keptBefore[index] + (checkpointing ? seg.InputElements * actBytes : Full(seg, dropout));
                index++;
            }
        }

        double gradsAfter = 0, peakActivations = 0, peakGrads = 0, peakBackward = 0, lossMoment = 0, idleLogits = 0;
        var accumulating = s.GradientAccumulation > 1 && !s.FusedBackward;
        for (var k = parts.Length - 1; k >= 0; k--)
        {
            var p = parts[k];
            if (!p.GradientPath)
                continue;
            var segments = p.Profile.Segments;
            var dropout = p.TrainableParams > 0 ? dropoutBytes : 0;
            for (var j = segments.Count - 1; j >= 0; j--)
            {
                var seg = segments[j];
                index--;
                gradsAfter += p.GradientParams <= 0 || s.FusedBackward || gradsToHost ? 0
                    : seg.Parameters * (p.GradientParams / p.Sums.Parameters) * gradBytes / (gradsSharded ? n : 1);
                var activations = keptBefore[index] + Full(seg, dropout);
                var grads = accumulating ? gradsTotal : gradsAfter + (s.FusedBackward ? gradsTotal : 0);
                if (seg.LogitElements > 0 && !s.ChunkedLoss && LogitBytes(s) < 4)
                {
                    // The full loss upcasts the 16-bit logits to fp32 and frees them; when its backward pass peaks, every
                    // request is for an fp32 tensor of twice their size, so their freed block sits in the cache unused.
                    lossMoment = activations + grads;
                    idleLogits += seg.LogitElements * LogitBytes(s) * samples;
                }
                if (activations + grads > peakBackward)
                    (peakBackward, peakActivations, peakGrads) = (activations + grads, activations, grads);
            }
        }

        // AMP autocast keeps a half-precision copy of each weight that requires grad for the backward pass.
        var casts = autocast ? 2 * (s.GradientCheckpointing ? largestTrainableSegment : gradientParams) : 0;
        // bitsandbytes' 4-bit linears dequantise their weight to 16 bits for each matmul, forward and backward, and free
        // it after (bitsandbytes MatMul4Bit): one layer's worth at a time.
        var dequantised = largestQuantisedLinear * 2.0;

        // The optimizer step: all gradients, plus the step's own temporaries. torch's foreach AdamW/Lion/SGD build a
        // full-size list (sqrt(exp_avg_sq) in _multi_tensor_adamw); bitsandbytes, Adafactor and Prodigy step tensor by
        // tensor. DeepSpeed converts its gradient partition to an fp32 copy for the fp32 master step
        // (single_grad_partition in stage_1_and_2.py) and steps it with its fused Adam, without a foreach list.
        // torch's fused AdamW kernel (_fused_adamw_) updates in place without temporaries, and the single-tensor loop
        // (foreach=False, _single_tensor_adamw) builds its sqrt(exp_avg_sq) one parameter at a time: both hold at most
        // one tensor's temporary, like the optimizers that step tensor by tensor.
        var fullSizeTemporary = s.ForeachOptimizer
            && (s.Optimizer is Optimizer.Lion or Optimizer.SgdMomentum || (s.Optimizer == Optimizer.Adamw && !s.FusedOptimizer));
        var foreachTemporary = masterInState
            ? 4 * trainable / n
            : fullSizeTemporary
                ? trainable * (s.HalfWeights ? 2 : 4) / (statesSharded ? n : 1)
                : largestTrainableTensor * 4 * (s.Optimizer == Optimizer.Adafactor ? AdafactorStepCopies(s) : 1);
        var stepPeak = (s.FusedBackward ? 0 : stepGrads) + (optimizerOffload ? 0 : foreachTemporary) + heldLogits;

        // Encoding images with the VAE (latents not cached) happens before the denoiser runs, without gradients.
        double encodePeak = 0;
        foreach (var p in parts)
        {
            if (p.Component.Role == ComponentRole.Vae && p.OnGpu && !s.CacheLatents)
            {
                encodePeak = p.Sums.EncodeElements(naive) * actBytes;
                break;
            }
        }

        // The end of the forward pass. Autocast keeps the half-precision copy of every weight that requires grad in its
        // cast cache until the outermost autocast region exits (torch/csrc/autograd/autocast_mode.cpp, cached_casts: a
        // leaf tensor that requires grad is cast once per region), and the trainers run the whole model's forward in
        // one region (accelerate's prepare wraps forward in autocast; kohya calls the UNet inside accelerator.autocast()).
        // Under checkpointing the copies of all trainable weights are therefore held together at the end of the forward
        // pass, beside every unit's kept input and, while accumulating, the gradients of the earlier micro-batches;
        // the recomputation in backward casts one unit at a time. Without checkpointing the backward pass holds them anyway.
        var forwardCasts = autocast ? 2 * gradientParams : 0;
        var forwardActivations = keptBefore[pathLength];
        var forwardGrads = accumulating ? gradsTotal : 0;
        var forwardPhase = forwardActivations + forwardGrads + forwardCasts + dequantised;
        var backwardPhase = peakBackward + casts + dequantised + heldLogits;
        // What the loss's backward moment holds beside its activations and gradients, for the reading's floor below.
        var besideLoss = casts + dequantised + heldLogits;
        var heldAtPeak = heldLogits;
        if (forwardPhase > backwardPhase)
            (backwardPhase, peakActivations, peakGrads, casts, heldAtPeak) = (forwardPhase, forwardActivations, forwardGrads, forwardCasts, 0);
        var dynamicPeak = Math.Max(Math.Max(backwardPhase, stepPeak), encodePeak);
        if (dynamicPeak == backwardPhase)
        {
            Add("activations", s.GradientCheckpointing ? "Activations (checkpointed)" : "Activations", peakActivations);
            Add("gradients", "Gradients", peakGrads);
            Add("autocast_copies", "Autocast half-precision weight copies", casts);
            Add("dequantised_weight", "Dequantised 4-bit weight being computed", dequantised);
            Add("held_logits", "Logits the training loop keeps until the step", heldAtPeak);
        }
        else if (dynamicPeak == stepPeak)
        {
            Add("gradients", "Gradients", s.FusedBackward ? 0 : stepGrads);
            Add("optimizer_step", "Optimizer step temporaries", optimizerOffload ? 0 : foreachTemporary);
            Add("held_logits", "Logits the training loop keeps until the step", heldLogits);
        }
        else
        {
            Add("vae_encode", "VAE encoding working set", encodePeak);
        }

        // The caching allocator's elastic cache: what each phase frees (the backward pass its activations, the step its
        // temporaries, encoding its working set) stays reserved for reuse. Assumption: the phases' tensors have other
        // shapes, so blocks one phase frees are not reused by another, and the cache at the high-water mark holds the
        // transient working sets of the phases other than the largest. Gradients, states and weights are long-lived
        // and never return to the cache. The allocator frees the cache and retries before it fails
        // (CUDACachingAllocator's release_cached_blocks), so the cache counts toward nvidia-smi's reading, not the fit.
        var backwardTransient = peakActivations + casts + dequantised + (s.FusedBackward ? peakGrads : 0);
        var stepTransient = optimizerOffload ? 0 : foreachTemporary;
        var elastic = backwardTransient + stepTransient + encodePeak - Math.Max(Math.Max(backwardTransient, stepTransient), encodePeak)
            + preUnshardCopy;
        // FSDP1's wrapping cache is a few large segments on the default stream, which the allocator splits for the
        // training's own allocations: it is reused, not added, and only sets a floor under the reading.
        elastic = Math.Max(elastic, fsdpInit - dynamicPeak);
        // The reserved memory never shrinks during training, so the moment the full loss's backward pass peaks sets a floor
        // under the reading too: what is allocated then, plus the 16-bit logits' freed block, which no fp32 request of
        // that moment fits in (the caching allocator reuses a free block only for a request no larger than it,
        // CUDACachingAllocator's get_free_block).
        if (idleLogits > 0)
            elastic = Math.Max(elastic, lossMoment + besideLoss + idleLogits - dynamicPeak);

        Add("cuda_context", "CUDA context", TrainingConstants.CudaContextGib * GiB);
        Add("workspace", "Library workspaces", TrainingConstants.WorkspaceGib * GiB);
        if (n > 1)
            Add("nccl_buffers", "NCCL buffers", TrainingConstants.NcclBuffersGib * GiB);
        return new SharedMemory(lines, sum, pagedStates, elastic);
    }

    /// <summary>
    /// Bytes per logit (token × vocabulary entry) that an LM's loss holds at its peak, the moment the logits' gradient is
    /// computed or, for the full loss, the forward's upcast. transformers' causal-LM loss (LlamaForCausalLM.forward up to
    /// v4.45: <c>logits = logits.float()</c>, then <c>shift_logits = logits[..., :-1, :].contiguous()</c> and
    /// CrossEntropyLoss) holds the fp32 logits, their shifted fp32 copy and log_softmax's fp32 output (12 bytes); in the
    /// backward pass, the saved log_softmax output, its incoming gradient and the gradient it returns (12 again).
    /// torchtune's CEWithChunkedOutputLoss upcasts one of its 8 chunks at a time (num_output_chunks = 8), but autograd
    /// keeps every chunk's fp32 log_softmax output: the 16-bit logits, 4 bytes of saved output and one chunk's fp32 copy.
    /// Compiled with it (torchtune's compile_loss compiles compute_cross_entropy, the upcast and the cross-entropy
    /// together), the fused kernel saves only its 16-bit input and recomputes the softmax chunk by chunk in backward:
    /// the 16-bit logits plus one chunk's fp32 softmax and gradient. litgpt's chunked_cross_entropy runs in the training
    /// dtype and holds less; it is priced as the chunked loss.
    /// </summary>
    private static double LossBytesPerLogit(TrainingSettings s)
    {
        var logits = LogitBytes(s);
        if (!s.ChunkedLoss)
            return 12;
        const double chunks = TrainingConstants.LossChunks;
        return s.Compile ? logits + 2 * 4 / chunks : logits + 4 + 4 / chunks;
    }

    /// <summary>
    /// Parameters of the FSDP1 units whose FlatParameter takes a gradient: a unit holding any trainable weight gets a
    /// gradient over all of its weights (use_orig_params mixes frozen and trainable ones). Under LoRA those are the
    /// segments with an adapted linear, plus the adapters themselves; otherwise every segment of a trainable component.
    /// 4-bit weights are stored as integers that take no gradient and are left out, as for the sharded flat-parameter
    /// gradient: only the adapters' gradients count.
    /// </summary>
    private static double FsdpUnitGradientParameters(TrainingSettings s, Part[] parts)
    {
        double total = 0;
        if (!s.FsdpUseOrigParams)
        {
            // Without use_orig_params the trainable weights sit in units of their own: only theirs take a gradient.
            foreach (var p in parts)
                total += p.GradientPath ? p.TrainableParams : 0;
            return total;
        }

        foreach (var p in parts)
        {
            if (!p.GradientPath || p.TrainableParams <= 0)
                continue;
            if (!s.IsLora)
            {
                total += p.Sums.Parameters;
                continue;
            }

            total += p.TrainableParams;
            if (p.Quantised)
                continue;

            foreach (var seg in p.Profile.Segments)
            {
                foreach (var l in seg.Linears)
                {
                    if (l.Role == "attn" || (l.Role == "mlp" && s.LoraTargets != LoraTargets.Attn))
                    {
                        total += seg.Parameters;
                        break;
                    }
                }
            }
        }

        return total;
    }

    /// <summary>
    /// An LLM's FSDP units: the parameters of its largest decoder layer and of what stays in the root unit (the segments
    /// that are not layers: embedding, final norm, LM head). None for a job without an LLM on its gradient path.
    /// </summary>
    private static (long Layer, long Root, bool Quantised) LlmRootUnit(Part[] parts)
    {
        foreach (var p in parts)
        {
            if (!p.GradientPath || p.Component.Role != ComponentRole.Llm)
                continue;
            long layer = 0, root = 0;
            foreach (var seg in p.Profile.Segments)
            {
                if (seg.Name.StartsWith("layers.", StringComparison.Ordinal))
                    layer = Math.Max(layer, seg.Parameters);
                else
                    root += seg.Parameters;
            }

            return (layer, root, p.Quantised);
        }

        return (0, 0, false);
    }

    /// <summary>DeepSpeed's overlap_comm: off by default for stages 1 and 2, on for stage 3 (https://www.deepspeed.ai/docs/config-json/).</summary>
    private static bool ZeroOverlapComm(Parallelism p) => p == Parallelism.Zero3;

    /// <summary>One GPU's breakdown: the shared lines, the desktop if it drives one, the paged states if they stay resident, and the allocator's cache.</summary>
    private static (GpuFit Fit, bool PagedResident) Memory(SharedMemory shared, GpuTarget gpu)
    {
        var lines = new List<MemoryLine>(shared.Lines.Count + 3);
        lines.AddRange(shared.Lines);
        var sum = shared.Sum;
        void Add(string key, string label, double bytes)
        {
            if (bytes > 0)
            {
                var amount = Bytes.From(bytes);
                lines.Add(new MemoryLine(key, label, amount));
                sum += amount.Value;
            }
        }

        if (gpu.DrivesDisplay)
            Add("display", "Desktop on this GPU", TrainingConstants.DisplayGib * GiB);

        var usable = Bytes.From(Math.Max(0, gpu.Vram.Value - TrainingConstants.DriverReservedGib * GiB));
        var pagedResident = shared.PagedStates > 0 && sum + shared.PagedStates <= usable.Value;
        if (pagedResident)
            Add("optimizer_states_paged", "Optimizer states (paged, resident)", shared.PagedStates);
        var needed = Bytes.From(sum);
        // The cache fills what the card has left and no more.
        Add("allocator_cache", "Allocator cache (elastic: nvidia-smi shows it, the job can give it back)", Math.Min(shared.ElasticCache, usable.Value - needed.Value));
        var peak = Bytes.From(sum);
        var verdict = needed > usable ? FitVerdict.DoesNotFit : needed.Value > TrainingConstants.TightFraction * usable.Value ? FitVerdict.Tight : FitVerdict.Fits;
        return (new GpuFit(gpu.Name, lines, needed, peak, usable, verdict), pagedResident);
    }

    private static Bytes HostMemory(TrainingSettings s, ModelSpec model, Part[] parts, double trainable, int n, Parallelism parallel)
    {
        // Each process loads the checkpoint on the CPU in half precision before moving it to its GPU. A QLoRA model is
        // the exception: transformers reads the checkpoint shard by shard and bitsandbytes quantises each weight as it
        // moves to the GPU (Params4bit), so the host holds one shard at a time, not the model.
        long parameters = 0, quantisable = 0, frozen = 0;
        foreach (var p in parts)
        {
            parameters += p.Sums.Parameters;
            if (p.Quantised)
                quantisable += p.Sums.QuantisableParameters;
            frozen += p.Sums.Parameters - (long)(s.IsLora ? 0 : p.TrainableParams);
        }

        var loading = s.Method == TrainingMethod.Qlora && s.QuantBackend == QuantBackend.Bitsandbytes
            ? Math.Min(parameters * 2.0, TrainingConstants.CheckpointShardGib * GiB)
            : parameters * 2.0;
        var baseline = TrainingConstants.HostBaselineGib * GiB;
        double offloaded = 0;
        if (s.Offload != Offload.None)
        {
            // DeepSpeed's estimator: fp32 master + Adam states, times its 1.5 buffer factor (training-estimators.md A2).
            var states = StateBytes(s, trainable, 0) + 4 * trainable;
            offloaded = 1.5 * states + (s.Offload == Offload.OptimizerAndParameters ? 2 * trainable : 0);
        }

        if (s.Offload == Offload.OptimizerAndParameters)
        {
            // The frozen weights live on the host too, each process its shard (QLoRA's linears as their packed 4-bit
            // storage). FSDP pins each offloaded shard and pre-allocates a pinned sharded gradient the same size beside
            // it, for every flat parameter (FlatParamHandle.init_flat_param_attributes: _local_shard.pin_memory(),
            // _cpu_grad = zeros_like(_local_shard).pin_memory(), torch/distributed/fsdp/_flat_param.py).
            var weights = quantisable * TrainingConstants.Nf4PackedBytesPerParameter + (frozen - quantisable) * 2.0;
            offloaded += weights * (parallel is Parallelism.Fsdp or Parallelism.Fsdp2 ? 2 : 1);
        }

        // Cached latents are kept in memory by every process: channels × (side/8)² in fp16 per image.
        double latents = 0;
        if (model.Family == ModelFamily.Diffusion && s.CacheLatents)
        {
            ModelComponent? vae = null;
            foreach (var p in parts)
            {
                if (p.Component.Role == ComponentRole.Vae)
                {
                    vae = p.Component;
                    break;
                }
            }

            var channels = vae?.Config.Int("latent_channels", 4) ?? 4;
            latents = s.DatasetSize * channels * Math.Pow(s.Resolution / 8.0, 2) * 2;
        }

        // Loading and training do not overlap: the checkpoint is released before the first step.
        return Bytes.From(Math.Max(n * (baseline + loading), n * (baseline + latents) + offloaded));
    }

    private static (double Step, double Compute, double Comm, double SingleGpuStep, double Backward, double AtDensePeak) StepTime(TrainingSettings s, ModelSpec model, Part[] parts,
        double trainable, int n, Parallelism parallel, int samples, IReadOnlyList<GpuTarget> gpus, GigabytesPerSecond busbw, GigabytesPerSecond? hostMemory, ref List<string>? notes)
    {
        double pathFlops = 0, frozenFlops = 0, weightGradFlops = 0;
        foreach (var p in parts)
        {
            var f = p.Sums.ForwardFlops + (s.Attention == AttentionKernel.Naive ? p.Sums.MaskedAttentionFlops : 0);
            if (p.GradientPath)
            {
                pathFlops += f;
                if (!s.IsLora && p.GradientParams > 0)
                    weightGradFlops += f * p.GradientParams / p.Sums.Parameters;
            }
            else if (p.OnGpu && !(p.Component.Role == ComponentRole.TextEncoder && s.CacheTextEncoderOutputs) && !(p.Component.Role == ComponentRole.Vae && s.CacheLatents))
            {
                frozenFlops += p.Component.Role == ComponentRole.Vae ? p.Sums.EncoderFlops : f;
            }
        }

        // Forward, backward through activations (always), backward for weight gradients (trainable share),
        // and one more forward under gradient checkpointing (EleutherAI Transformer Math: 6PD, 8PD with full recompute).
        var perSample = pathFlops * (2 + (s.GradientCheckpointing ? 1 : 0)) + weightGradFlops + frozenFlops;

        // QLoRA dequantises every 4-bit weight for each matmul: forward, backward (input gradient) and checkpointing's
        // recomputation, once per micro-batch whatever its size; priced as memory traffic on the slowest GPU: one kernel
        // that reads the 4-bit weight and writes the 16-bit copy with bitsandbytes, torchao's op chain fitted (TrainingConstants).
        double quantised = 0;
        foreach (var p in parts)
        {
            if (p.Quantised)
                quantised += p.Sums.QuantisableParameters;
        }

        var bytesPerPass = s.QuantBackend == QuantBackend.Torchao
            ? TrainingConstants.TorchaoDequantBytesPerWeightPass
            : Nf4Bytes(s) + TrainingConstants.DequantisedWeightBytes;
        var dequantBytes = quantised * (2 + (s.GradientCheckpointing ? 1 : 0)) * bytesPerPass;
        var dequantTime = 0.0;
        foreach (var g in gpus)
            dequantTime = Math.Max(dequantTime, dequantBytes / ((g.MemoryBandwidth?.Value is > 0 and var bw ? bw : TrainingConstants.QloraReferenceBandwidthGBps) * 1e9));

        var utilisation = model.Family != ModelFamily.Llm ? TrainingConstants.DiffusionUtilisation
            : s.Compile ? TrainingConstants.LlmUtilisation : TrainingConstants.LlmEagerUtilisation;
        var anyWithoutBf16 = false;
        foreach (var g in gpus)
            anyWithoutBf16 |= g.TensorBf16 is null;
        if (s.Precision is Precision.Bf16Mixed or Precision.FullBf16 && anyWithoutBf16)
            Note(ref notes, "A GPU without BF16 support runs this job in FP16 at best; the estimate uses its FP16 rate.");

        // The slowest GPU sets the pace of synchronous data-parallel training.
        var slowest = MinOf(gpus, s.Precision, utilisation, static (g, precision, utilisation) => Rate(g, precision, utilisation));
        var microStep = perSample * samples / slowest + dequantTime;
        var compute = microStep * s.GradientAccumulation;

        // Gradient all-reduce once per optimizer step: bytes × 2(N−1)/N / busbw (nccl-tests' bus bandwidth definition,
        // https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md). ZeRO-3/FSDP move 1.5× that (ZeRO paper).
        double comm = 0;
        if (n > 1)
        {
            var sharded = parallel is Parallelism.Zero3 or Parallelism.Fsdp or Parallelism.Fsdp2;
            // Every gradient is reduced, the frozen share's too under frozen_gradients (DDP reduces what requires grad).
            var bytes = GradientParamsOf(parts) * (s.HalfWeights ? 2 : 4) * (sharded ? 1.5 : 1.0);
            var total = bytes * 2 * (n - 1) / n / (busbw.Value * 1e9);
            var backward = microStep * (1 + (s.GradientCheckpointing ? 1 : 0)) / (2 + (s.GradientCheckpointing ? 1 : 0));
            var tail = TrainingConstants.DdpBucketBytes * 2 * (n - 1) / n / (busbw.Value * 1e9);
            comm = Math.Max(total - backward, Math.Min(total, tail));
        }

        // Offloaded optimizer: gradients go to the host and updated half-precision weights come back every step
        // (ZeRO-Offload, arXiv:2101.06840), over the slowest GPU's host link.
        double offload = 0;
        if (s.Offload != Offload.None)
            offload = trainable * (GradientBytesFor(s) + 2) / n / SlowestHostLink(gpus);

        // The optimizer step reads and writes every trainable parameter's tensors once per optimizer step; it is bound by
        // memory bandwidth, not FLOPs. Each GPU steps its own share (all of it, or 1/N when the states are sharded); an
        // offloaded optimizer steps on the CPU. The slowest GPU sets the pace.
        double optimizerStep = 0, singleOptimizerStep = 0;
        if (s.Offload != Offload.None)
        {
            // ZeRO-Offload steps on the CPU, bound by the host's memory bandwidth, which every process on the host shares:
            // the whole trainable set each optimizer step, whatever the number of GPUs.
            var host = (hostMemory?.Value ?? TrainingConstants.DefaultHostMemoryGBps) * 1e9 * TrainingConstants.HostMemoryEfficiency;
            optimizerStep = singleOptimizerStep = trainable * TrainingConstants.CpuAdamBytesPerParameter / host;
        }
        else
        {
            var bytes = OptimizerBytesPerParameter(s, parallel) * trainable;
            var share = StatesShardedFor(parallel) ? n : 1;
            foreach (var g in gpus)
            {
                if (g.MemoryBandwidth is { } bw && bw.Value > 0)
                {
                    optimizerStep = Math.Max(optimizerStep, bytes / share / (bw.Value * 1e9));
                    singleOptimizerStep = Math.Max(singleOptimizerStep, OptimizerBytesPerParameter(s, Parallelism.Single) * trainable / (bw.Value * 1e9));
                }
            }
        }

        // The host's time to launch the optimizer step's kernels, tensor by tensor (TrainingConstants): it does not overlap
        // with the step's memory traffic enough to hide it when the tensors are many and small (a UNet's 1,680).
        var stepHost = OptimizerHostSeconds(s, parallel, parts);
        optimizerStep += stepHost;
        singleOptimizerStep += stepHost;

        // The EMA update after each optimizer step reads and writes its copy of every trainable weight on every GPU.
        double ema = 0;
        if (s.Ema)
        {
            foreach (var g in gpus)
            {
                if (g.MemoryBandwidth is { } bw && bw.Value > 0)
                    ema = Math.Max(ema, TrainingConstants.EmaOperands * WeightBytes(s) * trainable / (bw.Value * 1e9));
            }
        }

        optimizerStep += ema;
        singleOptimizerStep += ema;

        // Host time outside the FLOPs. Eager trainers launch every layer's kernels from Python on each pass (forward,
        // the two halves of backward, checkpointing's recomputation), for every micro-batch, so the host's time grows
        // with the layers a step runs, whatever the batch (TrainingConstants). Diffusion trainers run eagerly; an LLM
        // trainer does unless compiled.
        var hostPerPass = model.Family != ModelFamily.Llm ? TrainingConstants.DiffusionHostSecondsPerLayerPass
            : s.Compile ? 0 : TrainingConstants.LlmEagerHostSecondsPerLayerPass;
        var overhead = (model.Family == ModelFamily.Llm ? TrainingConstants.LlmStepOverheadSeconds : 0)
            + hostPerPass * LayerPasses(s, parts) * s.GradientAccumulation;
        var single = compute + offload * n + singleOptimizerStep + overhead;
        var backwardTime = compute * (1 + (s.GradientCheckpointing ? 1 : 0)) / (2 + (s.GradientCheckpointing ? 1 : 0));
        // The matmuls alone at the slowest GPU's dense tensor rate, fully used: no step with these settings is faster.
        // Rate is proportional to the utilisation, so the slowest GPU's rate at full use is its rate above over it.
        var atDensePeak = perSample * samples * s.GradientAccumulation * utilisation / slowest;
        return (compute + comm + offload + optimizerStep + overhead, compute, comm, single, backwardTime, atDensePeak);
    }

    /// <summary>
    /// Linear-layer passes of one micro-batch: each layer on the gradient path runs forward, twice backward (input and
    /// weight gradients) and once more under checkpointing; a frozen component that runs each step (text encoders whose
    /// outputs are not cached) runs forward only. The count stands for the layers' kernel launches.
    /// </summary>
    private static long LayerPasses(TrainingSettings s, ReadOnlySpan<Part> parts)
    {
        long passes = 0;
        foreach (var p in parts)
        {
            if (p.GradientPath)
                passes += p.Sums.LinearLayers * (3 + (s.GradientCheckpointing ? 1 : 0));
            else if (p.OnGpu && p.Component.Role == ComponentRole.TextEncoder && !s.CacheTextEncoderOutputs)
                passes += p.Sums.LinearLayers;
        }

        return passes;
    }

    /// <summary>
    /// Bytes of GPU memory an optimizer step reads and writes per trainable parameter: each pass over a tensor counts its
    /// element size once per operand. torch's default foreach AdamW (torch/optim/adamw.py, _multi_tensor_adamw) makes
    /// eight passes with 20 operands (decoupled weight decay on the parameters, lerp_ of the first moment with the
    /// gradient, mul_ and addcmul_ of the second moment, sqrt into a temporary, div_ and add_ on it, addcdiv_ into the
    /// parameters); fused=True reads parameter, gradient and both moments once and writes three of them (7 operands).
    /// bitsandbytes' 8-bit optimizers run one blockwise kernel per tensor: parameter and gradient in the parameters'
    /// dtype, each 8-bit state read and written. DeepSpeed steps its fp32 partition with its fused Adam after copying the
    /// 16-bit gradient partition to fp32, and writes the 16-bit weights back. The others are assumptions (TrainingConstants).
    /// </summary>
    private static double OptimizerBytesPerParameter(TrainingSettings s, Parallelism parallel)
    {
        // DeepSpeed replaces torch's AdamW with its own fused Adam; other optimizers keep their own step.
        if (parallel is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3 && s.Mixed && s.Optimizer == Optimizer.Adamw)
            return 7 * 4 + (2 + 4) + 2;
        var w = s.HalfWeights ? 2.0 : 4.0;
        return s.Optimizer switch
        {
            Optimizer.Adamw => (s.FusedOptimizer ? 7 : 20) * w,
            Optimizer.Adamw8bit or Optimizer.PagedAdamw8bit => 3 * w + 2 * 2 * TrainingConstants.Bnb8bitStateBytes,
            Optimizer.Lion8bit => 3 * w + 2 * TrainingConstants.Bnb8bitStateBytes,
            Optimizer.Sgd => 3 * w,
            Optimizer.SgdMomentum => TrainingConstants.SgdMomentumOperands * w,
            Optimizer.Lion => TrainingConstants.LionOperands * w,
            Optimizer.Prodigy => TrainingConstants.ProdigyOperands * w,
            // transformers' Adafactor works on fp32 copies whatever the parameters' dtype.
            Optimizer.Adafactor => TrainingConstants.AdafactorOperands * 4,
            _ => throw new ArgumentOutOfRangeException(nameof(s)),
        };
    }

    /// <summary>
    /// Host time of one optimizer step: the trainable tensors × the implementation's host time per tensor. DeepSpeed's
    /// ZeRO optimizers and FSDP1 step flat buffers (a few per model), and an offloaded step runs DeepSpeed's CPU Adam
    /// over a flat partition: none of them loops over the model's tensors.
    /// </summary>
    private static double OptimizerHostSeconds(TrainingSettings s, Parallelism parallel, ReadOnlySpan<Part> parts)
    {
        if (s.Offload != Offload.None || parallel is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3 or Parallelism.Fsdp)
            return 0;
        double tensors = 0;
        foreach (var p in parts)
            tensors += p.TrainableTensors;
        var perTensor = s.Optimizer switch
        {
            Optimizer.Adamw when s.FusedOptimizer => TrainingConstants.FusedHostSecondsPerTensor,
            // The same optimizers the memory model gives a foreach step (its full-size temporary) step as one foreach pass.
            Optimizer.Adamw or Optimizer.Lion or Optimizer.Sgd or Optimizer.SgdMomentum when s.ForeachOptimizer => TrainingConstants.ForeachHostSecondsPerTensor,
            Optimizer.Adafactor => TrainingConstants.AdafactorHostSecondsPerTensor,
            Optimizer.Adamw8bit or Optimizer.PagedAdamw8bit or Optimizer.Lion8bit => TrainingConstants.Bnb8bitHostSecondsPerTensor,
            _ => TrainingConstants.SingleTensorHostSecondsPerTensor,
        };
        return tensors * perTensor;
    }

    /// <summary>A GPU's sustained training rate in FLOP/s at the job's precision.</summary>
    private static double Rate(GpuTarget g, Precision precision, double utilisation)
    {
        var peak = precision switch
        {
            Precision.Fp32 => g.TensorFp16.Value / 2, // TF32 tensor cores run at half the FP16 rate (Ampere and later)
            Precision.Fp16Mixed or Precision.FullFp16 => g.TensorFp16.Value,
            _ => (g.TensorBf16 ?? g.TensorFp16).Value,
        };
        var power = Math.Min(1.0, Math.Pow(g.PowerLimit / g.BoardPower, TrainingConstants.PowerLimitExponent));
        return peak * 1e12 * utilisation * power;
    }

    private static double SlowestHostLink(IReadOnlyList<GpuTarget> gpus) =>
        MinOf(gpus, 0, 0.0, static (g, _, _) => g.HostLinkBytesPerSecond);

    /// <summary>Enumerable.Min over the GPUs, without its enumerator and closure: the same result, NaN and an empty list included.</summary>
    private static double MinOf<TArg>(IReadOnlyList<GpuTarget> gpus, TArg arg, double arg2, Func<GpuTarget, TArg, double, double> selector)
    {
        if (gpus.Count == 0)
            throw new InvalidOperationException("Sequence contains no elements");
        var value = selector(gpus[0], arg, arg2);
        if (double.IsNaN(value))
            return value;
        for (var i = 1; i < gpus.Count; i++)
        {
            var x = selector(gpus[i], arg, arg2);
            if (x < value)
                value = x;
            else if (double.IsNaN(x))
                return x;
        }

        return value;
    }

    /// <summary>One step of Enumerable.Max over doubles: the first value, then any larger one; NaN only while every value so far is NaN.</summary>
    private static double MaxOf(double value, double x, bool first) => first || double.IsNaN(value) ? x : x > value ? x : value;
}
