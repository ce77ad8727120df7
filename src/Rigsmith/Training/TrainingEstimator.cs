using Rigsmith.Training.Models;
using Rigsmith.Units;

namespace Rigsmith.Training;

/// <summary>A GPU the job runs on, as the training model needs it.</summary>
/// <param name="HostLink">The GPU's PCIe bandwidth to the host, one direction; offloaded and paged optimizer states cross it.</param>
public sealed record GpuTarget(string Name, Bytes Vram, TeraFlops? TensorBf16, TeraFlops TensorFp16, Watts PowerLimit, Watts BoardPower, bool DrivesDisplay = false, GigabytesPerSecond? HostLink = null)
{
    public double HostLinkBytesPerSecond => (HostLink?.Value ?? TrainingConstants.DefaultHostLinkGBps) * 1e9;
}

/// <summary>What the rig offers the job beyond its GPUs.</summary>
/// <param name="AllreduceBusBandwidth">nccl-tests all-reduce bus bandwidth between the job's GPUs.</param>
/// <param name="WallPower">The rig's wall draw under training load, for energy.</param>
public sealed record RigContext(IReadOnlyList<GpuTarget> Gpus, GigabytesPerSecond AllreduceBusBandwidth, Watts WallPower);

public enum FitVerdict { Fits, Tight, DoesNotFit }

/// <summary>One line of the per-GPU memory breakdown.</summary>
public sealed record MemoryLine(string Key, string Label, Bytes Amount);

public sealed record GpuFit(string Gpu, IReadOnlyList<MemoryLine> Breakdown, Bytes Peak, Bytes Usable, FitVerdict Verdict)
{
    public double Headroom => Usable.Value == 0 ? 0 : 1 - Peak / Usable;
}

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
    IReadOnlyList<string> Notes)
{
    public bool Fits => PerGpu.All(g => g.Verdict != FitVerdict.DoesNotFit);
    public FitVerdict Verdict => PerGpu.Max(g => g.Verdict);
    public GpuFit Worst => PerGpu.MaxBy(g => g.Peak / g.Usable)!;
}

/// <summary>
/// Per-GPU memory, host memory and step time of a training job on a rig. Pure: the same inputs give the same answer.
/// docs/models/training.md explains each term and its source.
/// </summary>
public static class TrainingEstimator
{
    private const double GiB = Bytes.GiB;

    /// <summary>What each component does in the job.</summary>
    private sealed record Part(ModelComponent Component, ComponentProfile Profile, bool OnGpu, bool GradientPath, double TrainableParams, bool Quantised);

    public static FitEstimate Estimate(TrainingSettings s, ModelSpec model, RigContext rig)
    {
        var notes = new List<string>();
        var n = Math.Clamp(s.Gpus ?? rig.Gpus.Count, 1, Math.Max(1, rig.Gpus.Count));
        var parallel = n == 1 ? Parallelism.Single : s.Parallel == Parallelism.Single ? Parallelism.Ddp : s.Parallel;
        if (s.FusedBackward && (n > 1 || s.GradientAccumulation > 1))
        {
            // Stepping each weight as its gradient arrives needs the whole gradient at once: kohya's fused backward pass
            // and torchtune's optimizer_in_bwd refuse gradient accumulation and data-parallel training.
            notes.Add("The fused backward pass works only on one GPU without gradient accumulation; estimated without it.");
            s = s with { FusedBackward = false };
        }
        var parts = Parts(s, model, notes);
        var samplesPerMicroBatch = s.Batch * (s.Method == TrainingMethod.Dreambooth ? 2 : 1);

        var trainable = parts.Sum(p => p.TrainableParams);
        var gpus = rig.Gpus.Take(n).ToList();
        var perGpu = gpus.Select(g => Memory(s, parts, trainable, n, parallel, samplesPerMicroBatch, g)).ToList();

        var host = HostMemory(s, model, parts, trainable, n, parallel);
        var (step, compute, comm, single, backward) = StepTime(s, model, parts, trainable, n, parallel, samplesPerMicroBatch, gpus, rig.AllreduceBusBandwidth, notes);
        if (s.Optimizer == Optimizer.PagedAdamw8bit && s.Offload == Offload.None && perGpu.Any(g => g.Breakdown.All(l => l.Key != "optimizer_states_paged")))
        {
            // States that do not fit are paged to host memory and back each step (two 1-byte states per parameter, both
            // ways) over the GPU's host link; the driver overlaps the paging with the backward pass.
            var link = gpus.Min(g => g.HostLinkBytesPerSecond);
            var paging = trainable * 2 * 2 / (StatesShardedFor(parallel) ? n : 1) / link;
            notes.Add("The paged optimizer's states do not fit beside the job; they are paged over PCIe every step.");
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
            samplesPerSecond / (n * singleRate), run, energy, cost, notes);
    }

    private static List<Part> Parts(TrainingSettings s, ModelSpec model, List<string> notes)
    {
        var parts = new List<Part>();
        var diffusion = model.Family == ModelFamily.Diffusion;
        foreach (var c in model.Components)
        {
            var profile = c.Profile(s.Resolution, s.SequenceLength);
            var roleTrains = c.Role is ComponentRole.Denoiser or ComponentRole.Llm
                || (c.Role == ComponentRole.TextEncoder && s.TrainTextEncoder);
            double trainable = 0;
            if (roleTrains && s.Method != TrainingMethod.TextualInversion)
            {
                trainable = s.IsLora
                    ? profile.LoraParameters(s.LoraRank, s.LoraTargets == LoraTargets.Attn ? ["attn"] : ["attn", "mlp"])
                    : profile.Parameters * (c.Role == ComponentRole.TextEncoder ? 1.0 : s.TrainableFraction);
            }
            else if (s.Method == TrainingMethod.TextualInversion && c.Role == ComponentRole.TextEncoder)
            {
                // Assumption: eight new token embeddings of the encoder's width; negligible either way next to the frozen weights.
                trainable = 8 * c.Config.Int("hidden_size", 768);
            }

            var gradientPath = c.Role is ComponentRole.Denoiser or ComponentRole.Llm
                || (c.Role == ComponentRole.TextEncoder && (s.TrainTextEncoder || s.Method == TrainingMethod.TextualInversion));
            var onGpu = c.Role switch
            {
                ComponentRole.Vae => !s.CacheLatents,
                ComponentRole.TextEncoder => gradientPath || !s.CacheTextEncoderOutputs,
                _ => true,
            };
            if (c.Role == ComponentRole.TextEncoder && gradientPath && s.CacheTextEncoderOutputs)
                notes.Add($"Text-encoder outputs cannot be cached while {c.Name} trains; it stays on the GPU.");
            parts.Add(new Part(c, profile, onGpu, gradientPath, trainable,
                s.Method == TrainingMethod.Qlora && c.Role is ComponentRole.Denoiser or ComponentRole.Llm));
        }

        if (diffusion && s.Resolution > model.NativeResolution)
            notes.Add($"{s.Resolution} px is above {model.Name}'s native {model.NativeResolution} px.");
        return parts;
    }

    private static bool StatesShardedFor(Parallelism p) => p is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3 or Parallelism.Fsdp;

    private static double WeightBytes(TrainingSettings s) => s.Precision == Precision.Fp32 || s.Mixed ? 4 : 2;

    private static double FrozenBytes(TrainingSettings s) => s.Precision == Precision.Fp32 ? 4 : 2;

    private static double GradientBytes(TrainingSettings s) => s.HalfWeights ? 2 : 4;

    private static double GradientBytesFor(TrainingSettings s) => GradientBytes(s);

    private static double ActivationBytes(TrainingSettings s) => s.Precision == Precision.Fp32 ? 4 : 2;

    /// <summary>Optimizer state bytes per trainable parameter (linear-layer params for Adafactor's factored second moment).</summary>
    private static double StateBytes(TrainingSettings s, double trainable, double trainableNonLinear)
    {
        // torch optimizers keep their states in the parameters' dtype; bitsandbytes 8-bit ones in one byte.
        var half = s.HalfWeights ? 2.0 : 4.0;
        return s.Optimizer switch
        {
            Optimizer.Adamw => 2 * half * trainable,
            Optimizer.Adamw8bit or Optimizer.PagedAdamw8bit => 2 * trainable,
            Optimizer.Lion => half * trainable,
            Optimizer.Lion8bit => trainable,
            Optimizer.Sgd => 0,
            Optimizer.SgdMomentum => half * trainable,
            // exp_avg, exp_avg_sq, s and p0 (Prodigy keeps four tensors per parameter).
            Optimizer.Prodigy => 4 * half * trainable,
            // Factored second moment: rows + columns of each matrix, negligible for linears; a k×k conv keeps 2/k of its size.
            Optimizer.Adafactor => 4 * trainableNonLinear * 2.0 / 3.0,
            _ => throw new ArgumentOutOfRangeException(nameof(s)),
        };
    }

    private static GpuFit Memory(TrainingSettings s, List<Part> parts, double trainable, int n, Parallelism parallel, int samples, GpuTarget gpu)
    {
        var lines = new List<MemoryLine>();
        void Add(string key, string label, double bytes)
        {
            if (bytes > 0)
                lines.Add(new MemoryLine(key, label, Bytes.From(bytes)));
        }

        var sharded = parallel is Parallelism.Zero3 or Parallelism.Fsdp;
        var zero = parallel is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3;
        var statesSharded = parallel is Parallelism.Zero1 or Parallelism.Zero2 or Parallelism.Zero3 or Parallelism.Fsdp;
        var gradsSharded = parallel is Parallelism.Zero2 or Parallelism.Zero3 or Parallelism.Fsdp;
        var paramOffload = s.Offload == Offload.OptimizerAndParameters;
        var optimizerOffload = s.Offload != Offload.None;

        // Weights: frozen in half precision (NF4 for QLoRA's linears), trainable in their training dtype.
        double frozen = 0, trainableWeights = 0;
        foreach (var p in parts.Where(p => p.OnGpu))
        {
            var frozenParams = p.Profile.Parameters - (s.IsLora ? 0 : p.TrainableParams);
            frozen += p.Quantised
                ? p.Profile.LinearParameters * TrainingConstants.Nf4BytesPerParameter + (p.Profile.Parameters - p.Profile.LinearParameters) * 2
                : frozenParams * FrozenBytes(s);
        }

        // DeepSpeed keeps half-precision working weights on the GPU and the fp32 master copy in the (shardable) optimizer state.
        var masterInState = zero && s.Mixed;
        trainableWeights = trainable * (masterInState ? 2 : WeightBytes(s));
        var weightDivisor = sharded ? n : 1;
        if (paramOffload)
            weightDivisor = int.MaxValue;
        Add("weights_frozen", "Frozen weights", frozen / weightDivisor);
        Add("weights_trainable", "Trainable weights", trainableWeights / weightDivisor);

        var nonLinearTrainable = s.IsLora ? 0 : parts.Where(p => p.TrainableParams > 0)
            .Sum(p => p.TrainableParams / p.Profile.Parameters * (p.Profile.Parameters - p.Profile.LinearParameters));
        var states = StateBytes(s, trainable, nonLinearTrainable) + (masterInState ? 4 * trainable : 0);
        // bitsandbytes' paged optimizers keep their states in CUDA unified memory, outside PyTorch's allocator; the
        // driver pages them to host memory when the GPU runs short, so they stay resident only if they fit (added below).
        var paged = s.Optimizer == Optimizer.PagedAdamw8bit && !optimizerOffload;
        var pagedStates = paged ? states / (statesSharded ? n : 1) : 0;
        Add("optimizer_states", "Optimizer states" + (masterInState ? " and fp32 master weights" : ""),
            optimizerOffload || paged ? 0 : states / (statesSharded ? n : 1));

        var largestTrainableSegment = parts.Where(p => p.TrainableParams > 0)
            .Select(p => p.Profile.LargestSegmentParameters * p.TrainableParams / p.Profile.Parameters).DefaultIfEmpty(0).Max();
        // DeepSpeed keeps half-precision gradients for its half-precision working weights.
        var gradBytes = masterInState ? 2 : GradientBytes(s);
        var gradsTotal = s.FusedBackward ? largestTrainableSegment * gradBytes : trainable * gradBytes / (gradsSharded ? n : 1);

        // DDP's reducer keeps its own flat buckets the size of all gradients (gradient_as_bucket_view=False, the default:
        // https://pytorch.org/docs/stable/generated/torch.nn.parallel.DistributedDataParallel.html).
        var buckets = parallel == Parallelism.Ddp ? trainable * gradBytes
            : zero ? 2 * Math.Min(trainable, TrainingConstants.ZeroBucketElements) * 2 : 0;
        Add("communication_buckets", parallel == Parallelism.Ddp ? "DDP gradient buckets" : "ZeRO reduce/all-gather buckets", buckets);
        if (sharded || paramOffload)
        {
            // Two units' full weights are gathered at a time: the one computing and the one prefetched.
            var gathered = 2 * parts.Where(p => p.GradientPath).Select(p => p.Profile.LargestSegmentParameters).DefaultIfEmpty(0).Max() * FrozenBytes(s);
            Add("gathered_parameters", "Gathered parameters (sharded/offloaded)", gathered);
        }

        var persistent = lines.Sum(l => l.Amount.Value);

        // Forward and backward: walk the gradient path's segments in reverse, as autograd does, and take the largest sum
        // of activations still held and gradients already produced.
        var actBytes = ActivationBytes(s) * samples;
        var path = parts.Where(p => p.GradientPath).SelectMany(p => p.Profile.Segments.Select(seg => (Part: p, Seg: seg))).ToList();
        var naive = s.Attention == AttentionKernel.Naive;
        double Full((Part Part, Segment Seg) x) => x.Seg.SavedElements + (naive ? x.Seg.AttentionScoreElements : 0);
        double Kept((Part Part, Segment Seg) x) => s.GradientCheckpointing ? x.Seg.InputElements : Full(x);
        double Grad((Part Part, Segment Seg) x) => x.Part.TrainableParams <= 0 || s.FusedBackward ? 0
            : x.Seg.Parameters * (x.Part.TrainableParams / x.Part.Profile.Parameters) * gradBytes / (gradsSharded ? n : 1);

        var keptBefore = new double[path.Count + 1];
        for (var i = 0; i < path.Count; i++)
            keptBefore[i + 1] = keptBefore[i] + Kept(path[i]);
        double gradsAfter = 0, peakActivations = 0, peakGrads = 0, peakBackward = 0;
        var accumulating = s.GradientAccumulation > 1 && !s.FusedBackward;
        for (var i = path.Count - 1; i >= 0; i--)
        {
            gradsAfter += Grad(path[i]);
            var activations = (keptBefore[i] + (s.GradientCheckpointing ? Full(path[i]) : Kept(path[i]))) * actBytes;
            var grads = accumulating ? gradsTotal : gradsAfter + (s.FusedBackward ? gradsTotal : 0);
            if (activations + grads > peakBackward)
                (peakBackward, peakActivations, peakGrads) = (activations + grads, activations, grads);
        }

        // AMP autocast keeps a half-precision copy of each trainable weight for the backward pass.
        var casts = s.Mixed ? 2 * (s.GradientCheckpointing ? largestTrainableSegment : trainable) : 0;

        // The optimizer step: all gradients, plus the temporaries of torch's foreach implementation (_multi_tensor_adamw
        // builds a full-size sqrt(exp_avg_sq) list); bitsandbytes, Adafactor and Prodigy step tensor by tensor.
        var foreachTemporary = s.Optimizer is Optimizer.Adamw or Optimizer.Lion or Optimizer.SgdMomentum
            ? trainable * (s.HalfWeights ? 2 : 4) / (statesSharded ? n : 1)
            : largestTrainableSegment * 4;
        var stepPeak = (s.FusedBackward ? 0 : gradsTotal) + (optimizerOffload ? 0 : foreachTemporary);

        // Encoding images with the VAE (latents not cached) happens before the denoiser runs, without gradients.
        var vae = parts.FirstOrDefault(p => p.Component.Role == ComponentRole.Vae && p.OnGpu);
        var encodePeak = vae is null ? 0 : vae.Profile.Segments.Max(x => x.InputElements * 4 + (naive ? x.AttentionScoreElements : 0)) * actBytes;

        var dynamicPeak = Math.Max(Math.Max(peakBackward + casts, stepPeak), encodePeak);
        if (dynamicPeak == peakBackward + casts)
        {
            Add("activations", s.GradientCheckpointing ? "Activations (checkpointed)" : "Activations", peakActivations);
            Add("gradients", "Gradients", peakGrads);
            Add("autocast_copies", "Autocast half-precision weight copies", casts);
        }
        else if (dynamicPeak == stepPeak)
        {
            Add("gradients", "Gradients", s.FusedBackward ? 0 : gradsTotal);
            Add("optimizer_step", "Optimizer step temporaries", optimizerOffload ? 0 : foreachTemporary);
        }
        else
        {
            Add("vae_encode", "VAE encoding working set", encodePeak);
        }

        var allocated = persistent + dynamicPeak;
        Add("allocator_reserve", "Allocator reserve", allocated * TrainingConstants.AllocatorReserveFraction);
        Add("cuda_context", "CUDA context", TrainingConstants.CudaContextGib * GiB);
        Add("workspace", "Library workspaces", TrainingConstants.WorkspaceGib * GiB);
        if (n > 1)
            Add("nccl_buffers", "NCCL buffers", TrainingConstants.NcclBuffersGib * GiB);
        if (gpu.DrivesDisplay)
            Add("display", "Desktop on this GPU", TrainingConstants.DisplayGib * GiB);

        var usable = Bytes.From(Math.Max(0, gpu.Vram.Value - TrainingConstants.DriverReservedGib * GiB));
        if (pagedStates > 0 && lines.Sum(l => l.Amount.Value) + pagedStates <= usable.Value)
            Add("optimizer_states_paged", "Optimizer states (paged, resident)", pagedStates);
        var peak = Bytes.From(lines.Sum(l => l.Amount.Value));
        var verdict = peak > usable ? FitVerdict.DoesNotFit : peak.Value > TrainingConstants.TightFraction * usable.Value ? FitVerdict.Tight : FitVerdict.Fits;
        return new GpuFit(gpu.Name, lines, peak, usable, verdict);
    }

    private static Bytes HostMemory(TrainingSettings s, ModelSpec model, List<Part> parts, double trainable, int n, Parallelism parallel)
    {
        // Each process loads the checkpoint on the CPU in half precision before moving it to its GPU.
        var perProcess = TrainingConstants.HostBaselineGib * GiB + parts.Sum(p => p.Profile.Parameters) * 2.0;
        double offloaded = 0;
        if (s.Offload != Offload.None)
        {
            // DeepSpeed's estimator: fp32 master + Adam states, times its 1.5 buffer factor (training-estimators.md A2).
            var states = StateBytes(s, trainable, 0) + 4 * trainable;
            offloaded = 1.5 * states + (s.Offload == Offload.OptimizerAndParameters ? 2 * trainable : 0);
        }

        // Cached latents are kept in memory by every process: channels × (side/8)² in fp16 per image.
        double latents = 0;
        if (model.Family == ModelFamily.Diffusion && s.CacheLatents)
        {
            var vae = model.Of(ComponentRole.Vae).FirstOrDefault();
            var channels = vae?.Config.Int("latent_channels", 4) ?? 4;
            latents = s.DatasetSize * channels * Math.Pow(s.Resolution / 8.0, 2) * 2;
        }

        return Bytes.From(n * (perProcess + latents) + offloaded);
    }

    private static (double Step, double Compute, double Comm, double SingleGpuStep, double Backward) StepTime(TrainingSettings s, ModelSpec model, List<Part> parts,
        double trainable, int n, Parallelism parallel, int samples, IReadOnlyList<GpuTarget> gpus, GigabytesPerSecond busbw, List<string> notes)
    {
        double pathFlops = 0, frozenFlops = 0, weightGradFlops = 0;
        foreach (var p in parts)
        {
            var f = p.Profile.ForwardFlops;
            if (p.GradientPath)
            {
                pathFlops += f;
                if (!s.IsLora && p.TrainableParams > 0)
                    weightGradFlops += f * p.TrainableParams / p.Profile.Parameters;
            }
            else if (p.OnGpu && !(p.Component.Role == ComponentRole.TextEncoder && s.CacheTextEncoderOutputs))
            {
                frozenFlops += p.Component.Role == ComponentRole.Vae ? p.Profile.Segments.Where(x => x.Name.StartsWith("encoder", StringComparison.Ordinal)).Sum(x => x.ForwardFlops) : f;
            }
        }

        // Forward, backward through activations (always), backward for weight gradients (trainable share),
        // and one more forward under gradient checkpointing (EleutherAI Transformer Math: 6PD, 8PD with full recompute).
        var perSample = pathFlops * (2 + (s.GradientCheckpointing ? 1 : 0)) + weightGradFlops + frozenFlops;
        if (s.Method == TrainingMethod.Qlora)
            perSample *= TrainingConstants.QloraSlowdown;

        var utilisation = model.Family == ModelFamily.Llm ? TrainingConstants.LlmUtilisation : TrainingConstants.DiffusionUtilisation;
        double Rate(GpuTarget g)
        {
            var peak = s.Precision switch
            {
                Precision.Fp32 => g.TensorFp16.Value / 2, // TF32 tensor cores run at half the FP16 rate (Ampere and later)
                Precision.Fp16Mixed or Precision.FullFp16 => g.TensorFp16.Value,
                _ => (g.TensorBf16 ?? g.TensorFp16).Value,
            };
            var power = Math.Min(1.0, Math.Pow(g.PowerLimit / g.BoardPower, TrainingConstants.PowerLimitExponent));
            return peak * 1e12 * utilisation * power;
        }

        if (s.Precision is Precision.Bf16Mixed or Precision.FullBf16 && gpus.Any(g => g.TensorBf16 is null))
            notes.Add("A GPU without BF16 support runs this job in FP16 at best; the estimate uses its FP16 rate.");

        // The slowest GPU sets the pace of synchronous data-parallel training.
        var slowest = gpus.Min(Rate);
        var microStep = perSample * samples / slowest;
        var compute = microStep * s.GradientAccumulation;

        // Gradient all-reduce once per optimizer step: bytes × 2(N−1)/N / busbw (nccl-tests' bus bandwidth definition,
        // https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md). ZeRO-3/FSDP move 1.5× that (ZeRO paper).
        double comm = 0;
        if (n > 1)
        {
            var bytes = trainable * (s.HalfWeights ? 2 : 4) * (parallel is Parallelism.Zero3 or Parallelism.Fsdp ? 1.5 : 1.0);
            var total = bytes * 2 * (n - 1) / n / (busbw.Value * 1e9);
            var backward = microStep * (1 + (s.GradientCheckpointing ? 1 : 0)) / (2 + (s.GradientCheckpointing ? 1 : 0));
            var tail = TrainingConstants.DdpBucketBytes * 2 * (n - 1) / n / (busbw.Value * 1e9);
            comm = Math.Max(total - backward, Math.Min(total, tail));
        }

        // Offloaded optimizer: gradients go to the host and updated half-precision weights come back every step
        // (ZeRO-Offload, arXiv:2101.06840), over the slowest GPU's host link.
        double offload = 0;
        if (s.Offload != Offload.None)
            offload = trainable * (GradientBytesFor(s) + 2) / n / gpus.Min(g => g.HostLinkBytesPerSecond);

        var single = compute + offload * n;
        var backwardTime = compute * (1 + (s.GradientCheckpointing ? 1 : 0)) / (2 + (s.GradientCheckpointing ? 1 : 0));
        return (compute + comm + offload, compute, comm, single, backwardTime);
    }
}
