namespace Rigsmith.Training;

/// <summary>
/// Every constant of the training model that is not computed from an architecture, with its source, or marked as an
/// assumption or as fitted (and to what). docs/models/training.md lists them too.
/// </summary>
public static class TrainingConstants
{
    /// <summary>
    /// Framebuffer the driver reserves and no process can allocate: 346 MiB on an RTX 4090 (driver 535), 397 MiB on an
    /// RTX 3080 (driver 595), from nvidia-smi -q output (netdata and telegraf test data, shared/fixtures).
    /// </summary>
    public const double DriverReservedGib = 0.35;

    /// <summary>Assumption: CUDA context of a PyTorch 2.x process with lazy module loading; 0.3–2 GiB is reported (training-estimators.md A9/A12).</summary>
    public const double CudaContextGib = 0.5;

    /// <summary>Assumption: cuBLAS/cuDNN/xformers workspaces outside the allocator's peak.</summary>
    public const double WorkspaceGib = 0.25;

    /// <summary>
    /// Assumption: NCCL communicator buffers per GPU in a multi-GPU job (NCCL_BUFFSIZE defaults to 4 MiB per channel and
    /// peer, https://docs.nvidia.com/deeplearning/nccl/user-guide/docs/env.html#nccl-buffsize).
    /// </summary>
    public const double NcclBuffersGib = 0.4;

    /// <summary>Assumption: what a desktop session (compositor, browser) keeps on the GPU that drives the display.</summary>
    public const double DisplayGib = 0.5;

    /// <summary>
    /// A job that needs more than this share of usable memory is "tight" (training-estimators.md A11/A12.4: warn above
    /// 90 %): judged on what it needs, not on the allocator's elastic cache, so the margin covers fragmentation inside
    /// used segments (allocations rounded to 2 MiB, split blocks) that the model does not count.
    /// </summary>
    public const double TightFraction = 0.90;

    /// <summary>NF4's packed weights alone: two 4-bit codes per byte, without the quantisation constants.</summary>
    public const double Nf4PackedBytesPerParameter = 4.0 / 8;

    /// <summary>bitsandbytes NF4 with double quantisation: 4 bits plus 0.127 bits of constants per weight (QLoRA paper, arXiv:2305.14314, §3).</summary>
    public const double Nf4BytesPerParameter = (4 + 0.127) / 8;

    /// <summary>
    /// bitsandbytes NF4 without double quantisation: 4 bits plus one fp32 absmax per block of 64 weights, 0.5 bits
    /// (bitsandbytes.functional.quantize_4bit, blocksize=64 by default; compress_statistics=False keeps the absmax in
    /// fp32). It is what diffusers' and transformers' BitsAndBytesConfig give unless bnb_4bit_use_double_quant is set,
    /// and Lightning's BitsandbytesPrecision mode "nf4" (litgpt bnb.nf4; "nf4-dq" double-quantises).
    /// </summary>
    public const double Nf4NoDoubleQuantBytesPerParameter = (4 + 32.0 / 64) / 8;

    /// <summary>
    /// Fitted: the time torchao's NF4 weights (torchtune's QLoRA) take to dequantise once, as bytes of memory traffic
    /// per weight at the GPU's bandwidth. A 4-bit linear dequantises its whole weight for every matmul (torchao's
    /// LinearNF4: forward, input gradient, and checkpointing's recomputation), whatever the number of tokens. From
    /// torchtune's README, Llama-3.1-8B on an RTX 4090 (1,008 GB/s), batch 2 × 2048 tokens with activation checkpointing:
    /// LoRA 3,083 tok/s, QLoRA 2,413 tok/s (https://github.com/pytorch/torchtune), 0.369 s more per step over
    /// 6,979,321,856 quantised weights × 3 passes: about 17.8 bytes per weight and pass. The mechanism is torchao's
    /// NF4Tensor.get_original_weight (torchao/dtypes/nf4tensor.py), a chain of separate PyTorch operations that each
    /// write a full-size tensor: shifting and masking the packed bytes, casting them to int64, looking them up in the
    /// 16-bit NF4 table, multiplying by the expanded block scalers and stacking the two halves; tallied in eager mode,
    /// about 33 bytes per weight (torch.compile, on in that run, can fuse part of the chain). Only torchao's weights are
    /// priced so: bitsandbytes dequantises in one CUDA kernel (<see cref="DequantisedWeightBytes"/>).
    /// </summary>
    public const double TorchaoDequantBytesPerWeightPass = (1.0 / 2413 - 1.0 / 3083) * 2 * 2048 * 1008e9 / (3 * 6_979_321_856.0);

    /// <summary>
    /// Bytes a dequantisation writes per weight: the 16-bit copy. bitsandbytes' MatMul4Bit calls dequantize_4bit for
    /// the forward matmul and again for the input gradient (bitsandbytes/autograd/_functions.py), one
    /// kDequantizeBlockwise kernel (csrc/kernels.cu) that reads the packed 4-bit weight with its absmax constants and
    /// writes the 16-bit weight: with the stored 4-bit bytes, about 2.6 bytes of traffic per weight and pass.
    /// </summary>
    public const double DequantisedWeightBytes = 2;

    /// <summary>Memory bandwidth of the RTX 4090 the dequantisation cost was measured on, for GPUs whose bandwidth is unknown.</summary>
    public const double QloraReferenceBandwidthGBps = 1008;

    /// <summary>
    /// DeepSpeed's default reduce_bucket_size, 5e8 elements
    /// (https://www.deepspeed.ai/docs/config-json/#zero-optimizations-for-fp16-training). DeepSpeedZeroOptimizer.backward
    /// allocates its ipg_buffer at this size whatever the model's size (deepspeed/runtime/zero/stage_1_and_2.py).
    /// </summary>
    public const double ZeroReduceBucketElements = 5e8;

    /// <summary>
    /// DeepSpeed ZeRO-3's default stage3_max_live_parameters and stage3_max_reuse_distance, 1e9 parameters each
    /// (https://www.deepspeed.ai/docs/config-json/#parameter-offloading): how many gathered parameters it keeps before it
    /// releases them. accelerate and transformers leave both at the default.
    /// </summary>
    public const double ZeroMaxLiveParameters = 1e9;

    /// <summary>
    /// bitsandbytes' 8-bit optimizers quantise each state block-wise: one byte per element plus one fp32 absmax per
    /// block of 256 (bitsandbytes/optim/optimizer.py, Optimizer8bit.init_state: blocks = n // 256, absmax1/absmax2 float32).
    /// </summary>
    public const double Bnb8bitStateBytes = 1 + 4.0 / 256;

    /// <summary>
    /// Chunks of a chunked LLM loss: torchtune's CEWithChunkedOutputLoss defaults to num_output_chunks = 8
    /// (torchtune/modules/loss/ce_chunked_output_loss.py). One chunk's fp32 copy is alive at a time.
    /// </summary>
    public const double LossChunks = 8;

    /// <summary>
    /// Assumption: tensor operands an SGD-with-momentum step touches per parameter (torch's foreach SGD: the momentum
    /// buffer's mul_ and add_ with the gradient, then the parameters' add_: 2 + 3 + 3).
    /// </summary>
    public const double SgdMomentumOperands = 8;

    /// <summary>
    /// Assumption: tensor operands a Lion step touches per parameter (lion-pytorch's update: weight decay on the
    /// parameters, the interpolated sign update built in a temporary, the parameters' add_, the moment's mul_ and add_):
    /// about 19, like foreach AdamW's 20 less the second moment.
    /// </summary>
    public const double LionOperands = 19;

    /// <summary>
    /// Assumption: tensor operands of an EMA update per parameter, diffusers' EMAModel.step with foreach=False (its
    /// default): <c>s_param.sub_(one_minus_decay * (s_param - param))</c> reads the copy and the weight into a difference,
    /// scales it into another temporary and subtracts it from the copy: 2 + 1, 1 + 1, 2 + 1.
    /// </summary>
    public const double EmaOperands = 8;

    /// <summary>Assumption: Prodigy keeps four tensors per parameter and updates them in more passes than AdamW: 30 operands.</summary>
    public const double ProdigyOperands = 30;

    /// <summary>
    /// Assumption: transformers' Adafactor steps each parameter on fp32 copies (the gradient and the parameters upcast,
    /// the squared gradient, the factored estimate expanded to full size, the update scaled by its RMS and the learning
    /// rate, the parameters written back): about 20 fp32 operands per parameter.
    /// </summary>
    public const double AdafactorOperands = 20;

    /// <summary>
    /// Fitted: host time per parameter tensor of transformers' Adafactor step, which loops over the tensors in Python and
    /// launches 23 kernels for each (torch.profiler: 38,272 for the SDXL UNet's 1,680 tensors). rigsmith's H200 run
    /// timed the step alone (bench/training-device/optimizer_step.py): less its memory traffic, 0.36, 0.44 and 0.44 ms per
    /// tensor on the SDXL UNet full, its LoRA and the SD 1.5 UNet (O4, O6, O11); their mean. Llama-3.2-3B's step (O9,
    /// 254 large tensors, not fitted) comes out at 158 against 155 ms measured. The host is the H200 machine's.
    /// </summary>
    public const double AdafactorHostSecondsPerTensor = 0.41e-3;

    /// <summary>
    /// Fitted on the SDXL UNet's step (O2): torch's single-tensor AdamW (foreach=False) launches 8 kernels per tensor
    /// (13,440 for 1,680), 0.11 ms per tensor on the H200's host less its memory traffic. Any optimizer stepped one
    /// tensor at a time (foreach=False) costs the same, and Prodigy, which loops over tensors in Python: an assumption.
    /// </summary>
    public const double SingleTensorHostSecondsPerTensor = 0.11e-3;

    /// <summary>
    /// Fitted on O1, O5 and O10 (SDXL full, its LoRA, SD 1.5 full): torch's default foreach AdamW launches its kernels
    /// per group of tensors (1,008 for 1,680) but still walks the tensor lists in Python to group them: 0.017 ms per
    /// tensor, their mean.
    /// </summary>
    public const double ForeachHostSecondsPerTensor = 0.017e-3;

    /// <summary>Fitted on O3: torch's fused AdamW (143 kernels for the SDXL UNet's 1,680 tensors), 0.0074 ms per tensor.</summary>
    public const double FusedHostSecondsPerTensor = 0.0074e-3;

    /// <summary>
    /// Assumption (bitsandbytes was not on the device run): bitsandbytes' 8-bit optimizers loop over the tensors in
    /// Python and launch one blockwise update kernel for each, about a third of the single-tensor AdamW's 8 kernels
    /// with its per-tensor bookkeeping.
    /// </summary>
    public const double Bnb8bitHostSecondsPerTensor = 0.035e-3;

    /// <summary>PyTorch DDP's default bucket_cap_mb: the last bucket's all-reduce cannot overlap with backward.</summary>
    public const double DdpBucketBytes = 25 * 1024 * 1024;

    /// <summary>
    /// Fitted: model FLOPs utilisation of decoder-LLM fine-tuning. torchtune's full fine-tune of Llama-3.1-8B on an RTX
    /// 4090 (case T1, 1,650 tok/s) is about 48 % of 165 TFLOPS counting 6·P FLOPs per token (training-estimators.md
    /// A12.5); this model counts the recomputation of checkpointing too (8·P) and the optimizer step's memory traffic
    /// (paged 8-bit AdamW over 8.03B bf16 parameters, 80 GB at 1,008 GB/s: 0.08 s of the 2.48 s step), which puts the
    /// rest of the run at 64 % with causal attention counted as the half of the score matrix a fused kernel computes
    /// (66 % when the whole matrix was counted). T1 sets it; the other LLM speed cases are held out.
    /// </summary>
    public const double LlmUtilisation = 0.64;

    /// <summary>
    /// Fitted: utilisation of diffusion training (convolutions, GroupNorm and small attention heads run well below
    /// tensor peak). Only one pair in the fitting split separates it from the host's time: kohya's SDXL LoRA runs on one
    /// RTX 4090 at batch 1 and 8 (X11, X11b: 1.4 and about 3 s/it), where the host's time is the same (the same layers
    /// launched once per micro-batch) and the seven times more FLOPs cost 1.6 s; with the optimizer step's host time in
    /// both, that is 0.54. Fitting it together with one host time over every fitting case (the H200 sweep included)
    /// gave 0.38: the utilisation then stood in for the hosts' different speeds (X11 wanted 0.17 and X11b 0.43 at the
    /// H200's host time), and a compute-bound step on a 3090 would have come out 40 % slower.
    /// </summary>
    public const double DiffusionUtilisation = 0.54;

    /// <summary>
    /// Fitted with <see cref="DiffusionUtilisation"/> held at 0.54: the host's time per linear-layer pass of a diffusion
    /// trainer (each layer's kernels launched from Python, with its norms, activations and LoRA branches, on forward,
    /// backward and recomputation), by least squares on the log of the step time over the fitting cases, each host
    /// weighted once (the kohya desktop's X11 and X11b a half each, the H200's C8-C12 a fifth each), the optimizer step's
    /// own host time in the step (<see cref="AdafactorHostSecondsPerTensor"/> and the others): 0.234 ms. The hosts
    /// disagree: kohya's alone gives 0.35 ms, diffusers on the H200's server 0.18-0.27 ms (there the GPU's work is under
    /// a tenth of the step: C8 launches 9,974 kernels, 4.5 per pass), and a trainer's speed on a given host may be a
    /// third off either way. The structure, time proportional to the layers a step runs and not fixed per step, is an
    /// assumption: a fixed time per step overstated SimpleTuner's whole 0.18 s SD 1.5 step on an H100 (held-out ST3) six
    /// times.
    /// </summary>
    public const double DiffusionHostSecondsPerLayerPass = 0.234e-3;

    /// <summary>
    /// Assumption: a compiled LLM trainer (torch.compile: torchtune's compile, the pre-training frameworks) spends no
    /// host time per step worth counting next to its step times of seconds; none of the fitting cases separates it from
    /// the utilisation. An eager one does (<see cref="LlmEagerHostSecondsPerLayerPass"/>).
    /// </summary>
    public const double LlmStepOverheadSeconds = 0;

    /// <summary>
    /// Fitted, with <see cref="LlmEagerUtilisation"/>, on rigsmith's own H200 sweep (cases C1-C7: transformers and peft
    /// run eagerly, LoRA on Llama-2-7B from 256 to 8,192 tokens per step and a full fine-tune of Llama-3.2-3B at 256 and
    /// 8,192; least squares on the log of the step time): the host's time per linear-layer pass when every kernel is
    /// launched from Python. At 256 tokens the GPU's work is a tenth of the step, and the step (0.125 s) is the host
    /// launching its 4,924 kernels (torch.profiler), about 7 per linear-layer pass, 22 µs each. The value is the sweep
    /// machine's (a server CPU); a slower host takes longer, as the kohya fit of
    /// <see cref="DiffusionHostSecondsPerLayerPass"/> shows. The device runs H1-H22 are held out.
    /// </summary>
    public const double LlmEagerHostSecondsPerLayerPass = 0.157e-3;

    /// <summary>
    /// Fitted with <see cref="LlmEagerHostSecondsPerLayerPass"/> on C1-C7: utilisation of an eager (not compiled) LLM
    /// trainer's FLOPs. Below <see cref="LlmUtilisation"/> (compiled, T1), as eager PyTorch runs each norm, rotary
    /// embedding and activation as its own memory-bound kernels that compilation fuses.
    /// </summary>
    public const double LlmEagerUtilisation = 0.54;

    /// <summary>
    /// Fitted to one published point: Puget Systems found four RTX 3090s limited from 350 W to 280 W kept over 95 % of
    /// their TensorFlow training throughput (https://www.pugetsystems.com/labs/hpc/quad-rtx3090-gpu-wattage-limited-maxq-tensorflow-performance-1974/).
    /// Throughput ∝ (limit / board power)^α with α = ln 0.95 / ln 0.8.
    /// </summary>
    public static readonly double PowerLimitExponent = Math.Log(0.95) / Math.Log(0.8);

    /// <summary>
    /// Assumption: host link of a GPU whose slot is not known (the published measurement cases): PCIe 4.0 x16 carries
    /// 31.5 GB/s per direction after encoding; about 25 GB/s is reached in practice. Rigs use their own links (pcie analysis).
    /// </summary>
    public const double DefaultHostLinkGBps = 25;

    /// <summary>
    /// Bytes of host memory an offloaded optimizer step moves per trainable parameter. ZeRO-Offload steps with
    /// DeepSpeedCPUAdam (deepspeed/ops/adam/cpu_adam.py), whose fp32 master parameters and states reside in CPU memory;
    /// an Adam step reads each parameter, its fp32 gradient (the host partition) and both moments, and writes the
    /// parameter and both moments: seven 4-byte operands, as the fused Adam kernel on a GPU is priced.
    /// </summary>
    public const double CpuAdamBytesPerParameter = 7 * 4;

    /// <summary>
    /// Assumption: the share of the memory channels' theoretical bandwidth (channels × MT/s × 8 bytes) that the host's
    /// streaming optimizer step reaches. Streaming kernels do not reach the theoretical figure (refresh, page and bank
    /// conflicts, a read-modify-write mix); 0.75 is taken, not measured here.
    /// </summary>
    public const double HostMemoryEfficiency = 0.75;

    /// <summary>
    /// Assumption: host memory of a measurement case, whose source does not describe the host: two channels of
    /// DDR4-3200 (51.2 GB/s theoretical), the common desktop of the builds the cases come from. Rigs use their own CPU
    /// and modules.
    /// </summary>
    public const double DefaultHostMemoryGBps = 2 * 3200 * 8 / 1000.0;

    /// <summary>
    /// Assumption: the largest checkpoint file a process reads whole while it quantises a model for QLoRA, 10 GB: the
    /// public safetensors checkpoints of the large models come in files of about that size (meta-llama/Llama-2-70b-hf,
    /// 15 files of up to 9.9 GB; transformers' save_pretrained shards at 5 GB by default).
    /// </summary>
    public const double CheckpointShardGib = 10e9 / (1024.0 * 1024 * 1024);

    /// <summary>Assumption: CPU memory of each training process besides model and states (Python, CUDA host allocations, data loader workers).</summary>
    public const double HostBaselineGib = 3;
}
