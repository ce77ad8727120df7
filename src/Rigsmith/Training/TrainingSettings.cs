using Rigsmith.Input;
using Rigsmith.Units;

namespace Rigsmith.Training;

public enum TrainingMethod { Full, Lora, Qlora, Dreambooth, TextualInversion }

public enum LoraTargets { Attn, AttnMlp }

/// <summary>Numeric formats, named as accelerate/kohya/torchtune users know them.</summary>
public enum Precision
{
    Fp32,
    /// <summary>fp16 autocast over fp32 master weights (AMP).</summary>
    Fp16Mixed,
    /// <summary>bf16 autocast over fp32 master weights (AMP).</summary>
    Bf16Mixed,
    /// <summary>Weights, gradients and optimizer states all in fp16 (kohya --full_fp16).</summary>
    FullFp16,
    /// <summary>Weights, gradients and optimizer states all in bf16 (kohya --full_bf16, torchtune dtype=bf16).</summary>
    FullBf16,
    /// <summary>FP8 matmuls (torchao / Transformer Engine) over bf16 weights.</summary>
    Fp8,
}

public enum Optimizer { Adamw, Adamw8bit, PagedAdamw8bit, Adafactor, Lion, Lion8bit, Sgd, SgdMomentum, Prodigy }

public enum AttentionKernel { Naive, Sdpa, Xformers }

/// <summary>
/// How data-parallel training holds its states. <see cref="Fsdp"/> is PyTorch FSDP1 with flat parameters (accelerate's
/// and Lightning's FSDPStrategy); <see cref="Fsdp2"/> is per-parameter sharding (fully_shard, torchtune).
/// </summary>
public enum Parallelism { Single, Ddp, Zero1, Zero2, Zero3, Fsdp, Fsdp2 }

public enum Offload { None, Optimizer, OptimizerAndParameters }

/// <summary>
/// The library that holds QLoRA's 4-bit weights and dequantises them for each matmul: bitsandbytes (transformers/PEFT,
/// diffusers, kohya, OneTrainer, litgpt) with its CUDA dequantisation kernel, or torchao's NF4Tensor (torchtune), whose
/// dequantisation is a chain of PyTorch operations.
/// </summary>
public enum QuantBackend { Bitsandbytes, Torchao }

/// <summary>Everything that decides a training job's memory and speed, with the defaults of the common trainers.</summary>
public sealed record TrainingSettings
{
    public required string Model { get; init; }
    public TrainingMethod Method { get; init; } = TrainingMethod.Full;
    public int LoraRank { get; init; } = 16;
    public LoraTargets LoraTargets { get; init; } = LoraTargets.Attn;
    /// <summary>
    /// Dropout on each adapter's input (PEFT's and torchtune's lora_dropout; 0, their default, is no dropout module at
    /// all). Above 0, each adapted linear keeps its own dropped-out copy of its input and the mask for the backward pass.
    /// </summary>
    public double LoraDropout { get; init; }
    public bool TrainTextEncoder { get; init; }
    /// <summary>Share of the denoiser's (or LLM's) weights that train; the rest is frozen.</summary>
    public double TrainableFraction { get; init; } = 1.0;
    public Precision Precision { get; init; } = Precision.Bf16Mixed;
    public Optimizer Optimizer { get; init; } = Optimizer.Adamw;
    /// <summary>
    /// torch's fused AdamW kernel (torch.optim.AdamW(fused=True)): one pass over each parameter's tensors instead of the
    /// default foreach implementation's several.
    /// </summary>
    public bool FusedOptimizer { get; init; }
    /// <summary>
    /// torch's foreach implementation of AdamW, Lion and SGD (the default on CUDA): each pass runs over all parameters at
    /// once and builds full-size temporaries. False is the single-tensor loop (foreach=False, OneTrainer's default), which
    /// steps one parameter at a time.
    /// </summary>
    public bool ForeachOptimizer { get; init; } = true;
    /// <summary>Optimizer step fused into the backward pass (kohya --fused_backward_pass, torchtune optimizer_in_bwd).</summary>
    public bool FusedBackward { get; init; }
    /// <summary>
    /// The frozen share of <see cref="TrainableFraction"/> still requires gradients and is only left out of the optimizer,
    /// as kohya's sdxl_train.py freezes U-Net blocks given a <c>--block_lr</c> of 0 (<c>get_block_params_to_optimize</c>
    /// skips them; <c>unet.requires_grad_(train_unet)</c> keeps every block's gradient). Those gradients are computed and
    /// held; only the optimizer states shrink. False (the default) is a freeze by <c>requires_grad_(False)</c>.
    /// </summary>
    public bool FrozenGradients { get; init; }
    public bool GradientCheckpointing { get; init; }
    public int Batch { get; init; } = 1;
    public int GradientAccumulation { get; init; } = 1;
    /// <summary>Image side in pixels (the bucketing maximum) for diffusion models.</summary>
    public int Resolution { get; init; } = 1024;
    /// <summary>Tokens per sample for LLMs.</summary>
    public int SequenceLength { get; init; } = 2048;
    public AttentionKernel Attention { get; init; } = AttentionKernel.Sdpa;
    /// <summary>
    /// The LLM loss is computed over chunks of tokens, each upcast to fp32 on its own (torchtune CEWithChunkedOutputLoss,
    /// litgpt chunked_cross_entropy). Off is transformers' loss: the whole logits upcast to fp32 at once.
    /// </summary>
    public bool ChunkedLoss { get; init; }
    /// <summary>torch.compile (torchtune compile=True): here it changes what the chunked loss keeps for the backward pass.</summary>
    public bool Compile { get; init; }
    public bool CacheLatents { get; init; }
    public bool CacheTextEncoderOutputs { get; init; }
    /// <summary>
    /// The text encoders and the VAE stay on the GPU after their outputs and latents are cached, computing nothing:
    /// diffusers' train_text_to_image_sdxl.py precomputes both but its embedding and encoding functions
    /// (functools.partial over the encoders and the VAE) keep them referenced. kohya and OneTrainer move them off.
    /// </summary>
    public bool ResidentEncoders { get; init; }
    /// <summary>
    /// 4-bit (QLoRA) weights with double quantisation: the per-block absmax constants quantised again to 8 bits
    /// (bitsandbytes bnb_4bit_use_double_quant / compress_statistics). Off, each block of 64 keeps an fp32 absmax.
    /// </summary>
    public bool DoubleQuant { get; init; } = true;
    /// <summary>QLoRA's 4-bit library, which sets the cost of dequantising a weight (bitsandbytes unless torchtune's torchao).</summary>
    public QuantBackend QuantBackend { get; init; } = QuantBackend.Bitsandbytes;
    /// <summary>
    /// An exponential moving average of the trainable weights kept on the GPU (diffusers' --use_ema: EMAModel clones
    /// every trainable parameter in its dtype and steps the copy after each optimizer step).
    /// </summary>
    public bool Ema { get; init; }
    /// <summary>
    /// FSDP1's use_orig_params (accelerate's and Lightning's default: true). False requires every FlatParameter to be
    /// all frozen or all trainable, so the trainers that set it wrap each LoRA adapter, or the trainable share, in a unit of
    /// its own (PEFT's fsdp_auto_wrap_policy, which transformers' Trainer applies then; Answer.AI's FSDP+QLoRA policy):
    /// the frozen weights' units take no gradient.
    /// </summary>
    public bool FsdpUseOrigParams { get; init; } = true;
    /// <summary>
    /// DDP's gradient_as_bucket_view (kohya's --ddp_gradient_as_bucket_view): the gradients are views into the reducer's
    /// buckets instead of a second copy beside them. Off, PyTorch's default, DDP holds both.
    /// </summary>
    public bool DdpBucketView { get; init; }
    /// <summary>
    /// The training loop keeps the model's output, and with it an LM's full logits, until after the optimizer step
    /// (Answer.AI's FSDP+QLoRA train.py). Off, the loop lets the logits go once the loss is computed, as transformers'
    /// Trainer (which returns the loss alone) and torchtune's current recipes (which delete them before backward) do.
    /// </summary>
    public bool KeepLogits { get; init; }
    /// <summary>
    /// QLoRA prepared by PEFT's prepare_model_for_kbit_training (TRL's SFTTrainer on one GPU, axolotl, most QLoRA
    /// notebooks): the weights that are not quantised (embeddings, norms, the LM head) are cast to fp32, and with them the
    /// activations of every layer. Off, they stay in the load dtype (Answer.AI's train.py, FSDP-QLoRA, torchtune).
    /// </summary>
    public bool KbitUpcast { get; init; }
    public Parallelism Parallel { get; init; } = Parallelism.Ddp;
    /// <summary>GPUs to use; null means all the rig's GPUs.</summary>
    public int? Gpus { get; init; }
    public Offload Offload { get; init; } = Offload.None;
    /// <summary>Samples (images or sequences) per epoch, for time, energy and cost.</summary>
    public long DatasetSize { get; init; } = 10_000;
    public double Epochs { get; init; } = 1;
    /// <summary>Electricity price per kWh in the user's currency, for the cost of a run.</summary>
    public EnergyPrice? ElectricityPrice { get; init; }

    public bool IsLora => Method is TrainingMethod.Lora or TrainingMethod.Qlora;
    public bool HalfWeights => Precision is Precision.FullBf16 or Precision.FullFp16 or Precision.Fp8;
    public bool Mixed => Precision is Precision.Bf16Mixed or Precision.Fp16Mixed;
}

/// <summary>Reads training settings from <c>key: value</c> pairs (the rig file's workload section or command-line flags).</summary>
public static class TrainingSettingsParser
{
    /// <summary>The keys, as the rig file and the flags (--key-with-dashes) spell them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "model", "method", "lora_rank", "lora_targets", "lora_dropout", "train_text_encoder", "trainable_fraction", "precision", "optimizer",
        "fused_optimizer", "foreach_optimizer", "fused_backward", "frozen_gradients", "gradient_checkpointing", "batch", "grad_accum", "resolution", "sequence_length", "attention",
        "chunked_loss", "compile", "cache_latents", "cache_text_encoder_outputs", "resident_encoders", "double_quant", "quant_backend", "ema", "fsdp_use_orig_params", "ddp_bucket_view", "keep_logits", "kbit_upcast", "parallel", "gpus", "offload", "dataset_size", "epochs", "electricity_price",
    ];

    public sealed record Setting(string Key, string Value, string File, int Line, int Column);

    public static TrainingSettings? Parse(IEnumerable<Setting> settings, ICollection<InputProblem> problems, TrainingSettings? start = null)
    {
        var list = settings.ToList();
        var modelSetting = list.LastOrDefault(s => s.Key == "model");
        if (start is null && modelSetting is null)
        {
            var where = list.FirstOrDefault();
            problems.Add(new InputProblem(where?.File ?? "", where?.Line ?? 0, 0, "workload.model", "is required but missing", "name a model, for example 'sdxl' or 'llama-3.1-8b'"));
            return null;
        }

        var result = start ?? new TrainingSettings { Model = modelSetting!.Value };
        var before = problems.Count;
        foreach (var s in list)
        {
            void Bad(string message, string? suggestion = null) =>
                problems.Add(new InputProblem(s.File, s.Line, s.Column, $"workload.{s.Key}", message, suggestion));

            switch (s.Key)
            {
                case "model": result = result with { Model = s.Value }; break;
                case "method": result = Enum<TrainingMethod>(s, Bad) is { } m ? result with { Method = m } : result; break;
                case "lora_rank": result = Int(s, 1, 4096, Bad) is { } r ? result with { LoraRank = r } : result; break;
                case "lora_targets": result = Enum<LoraTargets>(s, Bad) is { } t ? result with { LoraTargets = t } : result; break;
                case "lora_dropout": result = Number(s, 0, 0.99, Bad) is { } ld ? result with { LoraDropout = ld } : result; break;
                case "train_text_encoder": result = Bool(s, Bad) is { } b1 ? result with { TrainTextEncoder = b1 } : result; break;
                case "trainable_fraction": result = Number(s, 0.01, 1, Bad) is { } f ? result with { TrainableFraction = f } : result; break;
                case "precision": result = Enum<Precision>(s, Bad) is { } p ? result with { Precision = p } : result; break;
                case "optimizer": result = Enum<Optimizer>(s, Bad) is { } o ? result with { Optimizer = o } : result; break;
                case "fused_optimizer": result = Bool(s, Bad) is { } b8 ? result with { FusedOptimizer = b8 } : result; break;
                case "foreach_optimizer": result = Bool(s, Bad) is { } b9 ? result with { ForeachOptimizer = b9 } : result; break;
                case "fused_backward": result = Bool(s, Bad) is { } b2 ? result with { FusedBackward = b2 } : result; break;
                case "frozen_gradients": result = Bool(s, Bad) is { } b13 ? result with { FrozenGradients = b13 } : result; break;
                case "gradient_checkpointing": result = Bool(s, Bad) is { } b3 ? result with { GradientCheckpointing = b3 } : result; break;
                case "batch": result = Int(s, 1, 4096, Bad) is { } n ? result with { Batch = n } : result; break;
                case "grad_accum": result = Int(s, 1, 4096, Bad) is { } a ? result with { GradientAccumulation = a } : result; break;
                case "resolution": result = Int(s, 64, 8192, Bad) is { } px ? result with { Resolution = px - px % 64 } : result; break;
                case "sequence_length": result = Int(s, 16, 1_048_576, Bad) is { } sl ? result with { SequenceLength = sl } : result; break;
                case "attention": result = Enum<AttentionKernel>(s, Bad) is { } k ? result with { Attention = k } : result; break;
                case "chunked_loss": result = Bool(s, Bad) is { } b6 ? result with { ChunkedLoss = b6 } : result; break;
                case "compile": result = Bool(s, Bad) is { } b7 ? result with { Compile = b7 } : result; break;
                case "cache_latents": result = Bool(s, Bad) is { } b4 ? result with { CacheLatents = b4 } : result; break;
                case "cache_text_encoder_outputs": result = Bool(s, Bad) is { } b5 ? result with { CacheTextEncoderOutputs = b5 } : result; break;
                case "resident_encoders": result = Bool(s, Bad) is { } b12 ? result with { ResidentEncoders = b12 } : result; break;
                case "double_quant": result = Bool(s, Bad) is { } b10 ? result with { DoubleQuant = b10 } : result; break;
                case "quant_backend": result = Enum<QuantBackend>(s, Bad) is { } qb ? result with { QuantBackend = qb } : result; break;
                case "ema": result = Bool(s, Bad) is { } b11 ? result with { Ema = b11 } : result; break;
                case "fsdp_use_orig_params": result = Bool(s, Bad) is { } b14 ? result with { FsdpUseOrigParams = b14 } : result; break;
                case "ddp_bucket_view": result = Bool(s, Bad) is { } b15 ? result with { DdpBucketView = b15 } : result; break;
                case "keep_logits": result = Bool(s, Bad) is { } b16 ? result with { KeepLogits = b16 } : result; break;
                case "kbit_upcast": result = Bool(s, Bad) is { } b17 ? result with { KbitUpcast = b17 } : result; break;
                case "parallel": result = Enum<Parallelism>(s, Bad) is { } par ? result with { Parallel = par } : result; break;
                case "gpus": result = Int(s, 1, 64, Bad) is { } g ? result with { Gpus = g } : result; break;
                case "offload": result = Enum<Offload>(s, Bad) is { } off ? result with { Offload = off } : result; break;
                case "dataset_size": result = Int(s, 1, int.MaxValue, Bad) is { } d ? result with { DatasetSize = d } : result; break;
                case "epochs": result = Number(s, 0.01, 100_000, Bad) is { } e ? result with { Epochs = e } : result; break;
                case "electricity_price": result = Price(s, Bad) is { } price ? result with { ElectricityPrice = price } : result; break;
                default:
                    Bad("unknown workload setting", Suggestions.DidYouMean(s.Key, Keys));
                    break;
            }
        }

        return problems.Count > before ? null : result;
    }

    private static T? Enum<T>(Setting s, Action<string, string?> bad)
        where T : struct, System.Enum
    {
        if (MapReader.EnumNamed<T>(s.Value) is { } value)
            return value;
        var names = MapReader.EnumValues<T>().Select(MapReader.EnumName).ToList();
        bad($"'{s.Value}' is not one of {string.Join(", ", names)}", Suggestions.DidYouMean(s.Value, names));
        return null;
    }

    private static int? Int(Setting s, int min, int max, Action<string, string?> bad)
    {
        if (int.TryParse(s.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
            return v;
        bad($"'{s.Value}' is not a whole number from {min} to {max}", null);
        return null;
    }

    private static double? Number(Setting s, double min, double max, Action<string, string?> bad)
    {
        if (double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
            return v;
        bad($"'{s.Value}' is not a number from {min} to {max}", null);
        return null;
    }

    private static bool? Bool(Setting s, Action<string, string?> bad)
    {
        switch (s.Value.ToLowerInvariant())
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default:
                bad($"'{s.Value}' is not true or false", null);
                return null;
        }
    }

    /// <summary>Assumption: no tariff reaches 1000 of any currency per kWh; above it the value is a typo.</summary>
    private const decimal MaxPricePerKwh = 1000;

    /// <summary>"0.30 USD/kWh".</summary>
    private static EnergyPrice? Price(Setting s, Action<string, string?> bad)
    {
        var parts = s.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Currency codes are read in any case ('usd' as USD); a price above 1000 per kWh is a typo, not a tariff.
        var currency = parts.Length == 2 && parts[1].Length == 7 ? parts[1][..3].ToUpperInvariant() : "";
        if (parts.Length == 2 && parts[1].EndsWith("/kWh", StringComparison.OrdinalIgnoreCase) && Money.IsCurrency(currency)
            && decimal.TryParse(parts[0], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount) && amount is >= 0 and <= MaxPricePerKwh)
            return new EnergyPrice(Money.Of(amount, currency));
        bad($"'{s.Value}' is not a price per kWh", "write it like '0.30 USD/kWh': 0 to 1000 per kWh, with an ISO 4217 currency code");
        return null;
    }
}
