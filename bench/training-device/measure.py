"""Measures real single-GPU training memory and step time for rigsmith's measured cases (models/measurements.yaml).

Each case builds a model from the architecture configs in models/configs with random weights (nothing is downloaded),
runs a few optimizer steps on random inputs, and records what PyTorch's allocator and nvidia-smi saw:

  max_memory_allocated  the allocator's high-water mark of live tensors
  max_memory_reserved   what the allocator held from the driver at its peak (live tensors plus its cache)
  smi_mib               nvidia-smi's memory.used at the end of the steps, less the reading before the process started
  seconds_per_step      median wall time of the timed steps (after the warm-up steps), synchronised
  outcome               "fits", or "oom" when the allocator raised out-of-memory

With --card-gib N (24 by default) the process's allocator is capped so that the CUDA context plus the allocator's limit
equal an N GiB card (torch.cuda.set_per_process_memory_fraction): the cache then behaves as on that card, freeing its
free blocks and retrying before it raises out-of-memory. --card-gib 0 leaves the whole GPU to the allocator.

Cases are named with rigsmith's training settings (docs/models/training.md), so each result line becomes a case in
models/measurements.yaml as it is. Every case runs in a child process, one model family per process; a child that dies
is replaced and the rest of its cases go on. Results are written one JSON line per case as they come.

Usage (on a machine with a CUDA GPU, PyTorch, transformers, peft and diffusers):
  python3 bench/training-device/measure.py --out DIR [--only ID,ID] [--card-gib 24]
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(HERE, "..", "..", "models", "configs")
MIB = 1024 * 1024
GIB = 1024 * MIB

# rigsmith model name -> (family, config file)
MODELS = {
    "sdxl": ("unet", "sdxl-base-1.0__unet.json"),
    "sd15": ("unet", "sd-1.5__unet.json"),
    "llama-2-7b": ("llm", "llama-2-7b.json"),
    "llama-3.1-8b": ("llm", "llama-3.1-8b.json"),
    "llama-3.2-3b": ("llm", "llama-3.2-3b.json"),
    "qwen2.5-7b": ("llm", "qwen2.5-7b.json"),
    "mistral-7b": ("llm", "mistral-7b-v0.1.json"),
}

DIFFUSION = {"cache_latents": "true", "cache_text_encoder_outputs": "true", "attention": "sdpa"}
LLM = {"attention": "sdpa", "chunked_loss": "false"}


def case(cid, card, **settings):
    base = DIFFUSION if MODELS[settings["model"]][0] == "unet" else LLM
    s = dict(base)
    s.update({k: str(v) for k, v in settings.items()})
    return {"id": cid, "card_gib": card, "settings": s}


# The most informative cases first, so that a run cut short still returns them. card 24 = capped to a 24 GiB card;
# card 0 = the whole GPU (the allocator's cache unconstrained).
CASES = [
    # SDXL UNet at 1024 px (latents and text-encoder outputs cached: only the UNet is on the GPU).
    case("H1", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024),
    case("H2", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024, trainable_fraction="0.67"),
    case("H3", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adafactor", gradient_checkpointing="true", batch=1, resolution=1024),
    case("H4", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adafactor", gradient_checkpointing="true", batch=4, resolution=1024),
    case("H5", 24, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024),
    case("H6", 24, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=4, resolution=1024),
    case("H7", 24, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, resolution=1024),
    case("H8", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adafactor", gradient_checkpointing="true", batch=1, resolution=512),
    case("H9", 0, model="sdxl", method="full", precision="full-bf16", optimizer="adafactor", gradient_checkpointing="true", batch=1, resolution=1024),
    case("H10", 0, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, resolution=1024),
    # SD 1.5 UNet at 512 px.
    case("H11", 24, model="sd15", method="full", precision="bf16-mixed", optimizer="adamw", batch=4, resolution=512),
    case("H12", 24, model="sd15", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=8, resolution=512),
    case("H13", 24, model="sd15", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, resolution=512),
    # Decoder LLMs, transformers' full-vocabulary loss.
    case("H14", 24, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, sequence_length=2048),
    case("H15", 24, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, sequence_length=1024),
    case("H16", 24, model="llama-3.1-8b", method="lora", lora_rank=16, lora_targets="attn-mlp", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, sequence_length=4096),
    case("H17", 24, model="qwen2.5-7b", method="lora", lora_rank=16, lora_targets="attn-mlp", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=2, sequence_length=2048),
    case("H18", 24, model="llama-3.2-3b", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, sequence_length=2048),
    case("H19", 24, model="llama-3.2-3b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=4, sequence_length=2048),
    case("H20", 24, model="mistral-7b", method="lora", lora_rank=16, lora_targets="attn-mlp", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, sequence_length=2048),
    case("H21", 0, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, sequence_length=2048),
    case("H22", 0, model="llama-3.2-3b", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, sequence_length=2048),
]

# The second run: sweeps of tokens or images per step on the uncapped GPU, with 10 timed steps and the GPU kernels of one
# step counted (torch.profiler), to separate the time that grows with the work from the host's time per kernel launch.
# Declared the fitting split before they were run (models/measurements.yaml's header).
SWEEP = [
    case("C1", 0, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, sequence_length=256),
    case("C2", 0, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, sequence_length=512),
    case("C3", 0, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, sequence_length=1024),
    case("C4", 0, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, sequence_length=2048),
    case("C5", 0, model="llama-2-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=2, sequence_length=4096),
    case("C6", 0, model="llama-3.2-3b", method="full", precision="full-bf16", optimizer="adamw", batch=1, sequence_length=256),
    case("C7", 0, model="llama-3.2-3b", method="full", precision="full-bf16", optimizer="adamw", batch=4, sequence_length=2048),
    case("C8", 0, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, resolution=512),
    case("C9", 0, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, resolution=1024),
    case("C10", 0, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=4, resolution=1024),
    case("C11", 0, model="sd15", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, resolution=256),
    case("C12", 0, model="sd15", method="lora", lora_rank=16, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=8, resolution=512),
]
for c in SWEEP:
    c["timed_steps"] = 10
    c["profile"] = True
CASES = CASES + SWEEP

# The fourth run, all held out (declared in models/measurements.yaml's header before it ran): settings the first run did
# not cover — resolutions between 512 and 1024, batch 2 to 8, LoRA on the MLPs too and at rank 32 and 64, half the SDXL
# UNet frozen, mixed precision on SDXL, Adafactor on an LLM, torch's fused and single-tensor AdamW, sequences of 1,024
# and 4,096 tokens — each with six timed steps.
RUN_R = [
    case("R1", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adafactor", gradient_checkpointing="true", batch=2, resolution=768),
    case("R2", 24, model="sdxl", method="lora", lora_rank=32, lora_targets="attn-mlp", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=2, resolution=1024),
    case("R3", 24, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="bf16-mixed", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024),
    case("R4", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", fused_optimizer="true", gradient_checkpointing="true", batch=1, resolution=1024, trainable_fraction="0.5"),
    case("R5", 24, model="sd15", method="full", precision="bf16-mixed", optimizer="adamw", gradient_checkpointing="true", batch=8, resolution=768),
    case("R6", 24, model="sd15", method="lora", lora_rank=64, lora_targets="attn-mlp", precision="full-bf16", optimizer="adamw", batch=4, resolution=768),
    case("R7", 24, model="sd15", method="full", precision="full-bf16", optimizer="adamw", foreach_optimizer="false", batch=2, resolution=1024),
    case("R8", 24, model="llama-3.2-3b", method="lora", lora_rank=16, lora_targets="attn-mlp", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, sequence_length=4096),
    case("R9", 24, model="qwen2.5-7b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=4, sequence_length=1024),
    case("R10", 24, model="mistral-7b", method="lora", lora_rank=16, lora_targets="attn-mlp", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=2, sequence_length=4096),
    case("R11", 24, model="llama-3.1-8b", method="lora", lora_rank=8, lora_targets="attn", precision="full-bf16", optimizer="adamw", batch=1, sequence_length=1024),
    case("R12", 24, model="llama-3.2-3b", method="full", precision="full-bf16", optimizer="adafactor", gradient_checkpointing="true", batch=2, sequence_length=1024),
]
next(c for c in RUN_R if c["id"] == "R3")["frozen_in_fp32"] = True  # R3 as it ran (superseded)
# R3 again with the frozen UNet in bf16, as the trainers run mixed-precision LoRA (declared held out before it ran).
RUN_R.append(case("R3b", 24, model="sdxl", method="lora", lora_rank=16, lora_targets="attn", precision="bf16-mixed", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024))
for c in RUN_R:
    c["timed_steps"] = 6
CASES = CASES + RUN_R

# The fifth run, exploratory (not cases: rigsmith's settings cannot yet say where the frozen share sits): half the SDXL
# UNet frozen three ways, beside the whole UNet trained, to measure what trainable_fraction should mean. Same settings
# otherwise (full bf16, torch's default AdamW, checkpointing, batch 1, 1024 px), six timed steps each.
RUN_S = [
    case("S1", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024, trainable_fraction="0.5"),
    case("S2", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024, trainable_fraction="0.5"),
    case("S3", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024, trainable_fraction="0.5"),
    case("S4", 24, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024),
]
# S4 does not fit the 24 GiB cap; S5 is the same uncapped, for the whole UNet's step time.
RUN_S.append(case("S5", 0, model="sdxl", method="full", precision="full-bf16", optimizer="adamw", gradient_checkpointing="true", batch=1, resolution=1024))
RUN_S[1]["freeze"] = "output"
RUN_S[2]["freeze"] = "optimizer"
for c in RUN_S:
    c["timed_steps"] = 6
CASES = CASES + RUN_S

WARMUP_STEPS = 2
TIMED_STEPS = 4


def count_kernels(torch, step):
    """GPU kernels one step launches, counted by the profiler (memory copies and sets left out)."""
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        step()
        torch.cuda.synchronize()
    names = [e.name for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
    return sum(1 for n in names if not n.lower().startswith(("memcpy", "memset")))


def smi_used_mib():
    out = subprocess.run(["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"],
                         capture_output=True, text=True, timeout=30).stdout
    return float(out.strip().splitlines()[0])


# ---------------------------------------------------------------- child: runs cases of one family in this process

def build_unet(torch, s, dtype):
    from diffusers import UNet2DConditionModel
    with open(os.path.join(CONFIGS, MODELS[s["model"]][1])) as f:
        config = json.load(f)
    torch.set_default_dtype(dtype)
    with torch.device("cuda"):
        unet = UNet2DConditionModel.from_config(config)
    torch.set_default_dtype(torch.float32)
    unet.train()
    if s.get("gradient_checkpointing") == "true":
        unet.enable_gradient_checkpointing()
    b = int(s["batch"])
    side = int(s["resolution"]) // 8
    cfg = unet.config
    in_dtype = dtype  # bf16 inputs to a bf16 model; fp32 to the fp32 master weights of mixed precision
    latents = torch.randn(b, cfg.in_channels, side, side, device="cuda", dtype=in_dtype)
    context = torch.randn(b, 77, cfg.cross_attention_dim, device="cuda", dtype=in_dtype)
    kwargs = {}
    if cfg.addition_embed_type == "text_time":
        pooled = cfg.projection_class_embeddings_input_dim - 6 * cfg.addition_time_embed_dim
        kwargs["added_cond_kwargs"] = {"text_embeds": torch.randn(b, pooled, device="cuda", dtype=in_dtype),
                                       "time_ids": torch.randn(b, 6, device="cuda", dtype=in_dtype)}
    target = torch.randn_like(latents)

    def loss_fn():
        t = torch.randint(0, 1000, (b,), device="cuda")
        out = unet(latents, t, encoder_hidden_states=context, **kwargs).sample
        return torch.nn.functional.mse_loss(out.float(), target.float())

    return unet, loss_fn, ["to_q", "to_k", "to_v", "to_out.0"], ["ff.net.0.proj", "ff.net.2"]


def build_llm(torch, s, dtype):
    from transformers import AutoConfig, AutoModelForCausalLM
    with open(os.path.join(CONFIGS, MODELS[s["model"]][1])) as f:
        raw = json.load(f)
    raw.pop("torch_dtype", None)
    raw.pop("dtype", None)
    config = AutoConfig.for_model(raw.pop("model_type"), **raw)
    config.use_cache = False
    torch.set_default_dtype(dtype)
    with torch.device("cuda"):
        model = AutoModelForCausalLM.from_config(config, attn_implementation="sdpa")
    torch.set_default_dtype(torch.float32)
    model.train()
    if s.get("gradient_checkpointing") == "true":
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    b, n = int(s["batch"]), int(s["sequence_length"])
    ids = torch.randint(0, config.vocab_size, (b, n), device="cuda")

    def loss_fn():
        return model(input_ids=ids, labels=ids).loss

    return model, loss_fn, ["q_proj", "k_proj", "v_proj", "o_proj"], ["gate_proj", "up_proj", "down_proj"]


def run_case(torch, c, ctx_mib, baseline_mib):
    s = c["settings"]
    family = MODELS[s["model"]][0]
    precision = s["precision"]
    dtype = {"full-bf16": torch.bfloat16, "bf16-mixed": torch.float32, "fp32": torch.float32}[precision]
    autocast = precision == "bf16-mixed"
    # Under mixed precision the trainers cast the frozen model to the weight dtype and keep only the adapters in fp32
    # (diffusers' LoRA scripts: unet.to(dtype=weight_dtype), then cast_training_params to fp32; kohya likewise), as
    # rigsmith assumes. R3 ran before the harness did so (its frozen model in fp32; superseded by R3b) and keeps that
    # behaviour, so that it still runs as it ran.
    weights = torch.bfloat16 if autocast and s["method"] == "lora" and not c.get("frozen_in_fp32") else dtype
    result = {"id": c["id"], "card_gib": c["card_gib"], "settings": s}
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    model = opt = loss_fn = loss = None
    try:
        model, loss_fn, attn, mlp = (build_unet if family == "unet" else build_llm)(torch, s, weights)
        total = sum(p.numel() for p in model.parameters())
        if s["method"] == "lora":
            from peft import LoraConfig, inject_adapter_in_model
            targets = attn + (mlp if s.get("lora_targets") == "attn-mlp" else [])
            rank = int(s["lora_rank"])
            model.requires_grad_(False)
            torch.set_default_dtype(dtype)
            with torch.device("cuda"):
                model = inject_adapter_in_model(LoraConfig(r=rank, lora_alpha=rank, target_modules=targets, lora_dropout=0.0), model)
            torch.set_default_dtype(torch.float32)
            for name, p in model.named_parameters():
                p.requires_grad_("lora_" in name)
            if family == "llm" and s.get("gradient_checkpointing") == "true":
                model.enable_input_require_grads()
        left_out = set()
        if s["method"] != "lora" and "trainable_fraction" in s:
            # Freeze whole tensors until the wanted share of parameters is frozen: from the input side (the default, as
            # the first and fourth runs did), from the output side ("freeze": "output"), or, as kohya's block_lr of 0
            # does, by leaving them out of the optimizer while they still require gradients ("freeze": "optimizer").
            side = c.get("freeze", "input")
            params = list(model.parameters())
            frozen, goal = 0, (1 - float(s["trainable_fraction"])) * total
            for p in (reversed(params) if side == "output" else params):
                if frozen >= goal:
                    break
                if side == "optimizer":
                    left_out.add(id(p))
                else:
                    p.requires_grad_(False)
                frozen += p.numel()
            result["freeze"] = side
        trainable = [p for p in model.parameters() if p.requires_grad and id(p) not in left_out]
        result["parameters"] = total
        result["trainable_parameters"] = sum(p.numel() for p in trainable)
        if s["optimizer"] == "adamw":
            # rigsmith's fused_optimizer and foreach_optimizer settings; torch picks foreach on CUDA when neither is given.
            kinds = {"fused": True} if s.get("fused_optimizer") == "true" else {"foreach": False} if s.get("foreach_optimizer") == "false" else {}
            opt = torch.optim.AdamW(trainable, lr=1e-6, **kinds)
        elif s["optimizer"] == "adafactor":
            from transformers.optimization import Adafactor
            opt = Adafactor(trainable, lr=1e-6, scale_parameter=False, relative_step=False, warmup_init=False)
        else:
            raise ValueError(s["optimizer"])
        result["after_build_allocated_mib"] = torch.cuda.memory_allocated() / MIB
        def one_step():
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=autocast):
                loss = loss_fn()
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)

        times = []
        for step in range(WARMUP_STEPS + c.get("timed_steps", TIMED_STEPS)):
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            one_step()
            torch.cuda.synchronize()
            if step >= WARMUP_STEPS:
                times.append(time.perf_counter() - t0)
        if c.get("profile"):
            try:
                result["kernels_per_step"] = count_kernels(torch, one_step)
            except Exception as e:
                result["kernels_per_step_error"] = str(e)[:300]
        result["outcome"] = "fits"
        result["seconds_per_step"] = statistics.median(times)
        result["step_times"] = times
    except torch.OutOfMemoryError as e:
        result["outcome"] = "oom"
        result["error"] = str(e).splitlines()[0][:400]
    except Exception as e:  # a broken case must not stop the others
        result["outcome"] = "error"
        result["error"] = "".join(traceback.format_exception(e))[-3000:]
    result["max_allocated_mib"] = torch.cuda.max_memory_allocated() / MIB
    result["max_reserved_mib"] = torch.cuda.max_memory_reserved() / MIB
    result["reserved_at_end_mib"] = torch.cuda.memory_reserved() / MIB
    result["smi_mib"] = smi_used_mib() - baseline_mib
    result["context_mib_at_start"] = ctx_mib
    result["num_alloc_retries"] = torch.cuda.memory_stats().get("num_alloc_retries", 0)
    result["num_ooms"] = torch.cuda.memory_stats().get("num_ooms", 0)
    del model, opt, loss_fn, loss
    gc.collect()
    torch.cuda.empty_cache()
    return result


def child(ids, card_gib, baseline_mib, out_path, deadline):
    import torch
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    torch.zeros(1, device="cuda")
    ctx_mib = smi_used_mib() - baseline_mib
    if card_gib > 0:
        total = torch.cuda.get_device_properties(0).total_memory
        torch.cuda.set_per_process_memory_fraction((card_gib * GIB - ctx_mib * MIB) / total)
    by_id = {c["id"]: c for c in CASES}
    for cid in ids:
        if time.time() > deadline:
            print(f"deadline passed: {cid} not run", flush=True)
            with open(out_path, "a") as f:
                f.write(json.dumps({"id": cid, "outcome": "not-run"}) + "\n")
            continue
        started = time.time()
        print(f"[{time.strftime('%H:%M:%S')}] {cid} ...", flush=True)
        r = run_case(torch, by_id[cid], ctx_mib, baseline_mib)
        r["wall_s"] = round(time.time() - started, 1)
        r["gpu"] = torch.cuda.get_device_name(0)
        r["torch"] = torch.__version__
        with open(out_path, "a") as f:
            f.write(json.dumps(r) + "\n")
        print(f"    {cid} {r['outcome']} alloc {r['max_allocated_mib']:.0f} MiB reserved {r['max_reserved_mib']:.0f} MiB "
              f"smi {r['smi_mib']:.0f} MiB step {r.get('seconds_per_step', 0):.3f} s ({r['wall_s']} s)", flush=True)
        if r["outcome"] == "error":
            print(r["error"], flush=True)


# ---------------------------------------------------------------- parent

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default="")
    ap.add_argument("--child", default="")
    ap.add_argument("--card", type=float, default=24)
    ap.add_argument("--baseline", type=float, default=0)
    ap.add_argument("--budget-s", type=float, default=1e9, help="start no new case after this many seconds")
    ap.add_argument("--deadline", type=float, default=0)
    a = ap.parse_args()
    out_path = os.path.join(a.out, "results.jsonl")
    if a.child:
        child(a.child.split(","), a.card, a.baseline, out_path, a.deadline)
        return
    os.makedirs(a.out, exist_ok=True)
    started = time.time()
    baseline = smi_used_mib()
    # --only sweep runs the sweep, --only r the fourth run, --only s the fifth; --only ID,ID those cases; nothing, the first.
    named = {"sweep": SWEEP, "r": RUN_R, "s": RUN_S}
    only = [c["id"] for c in named[a.only]] if a.only in named else a.only.split(",") if a.only else None
    wanted = [c for c in CASES if (c["id"] in only if only else c not in SWEEP and c not in RUN_R and c not in RUN_S)]
    # One process per (family, model, card): a model's cases share its imports and CUDA context.
    groups = {("unet", 24): [], ("llm", 24): []}  # the capped runs of both families before the uncapped ones
    for c in wanted:
        groups.setdefault((MODELS[c["settings"]["model"]][0], c["card_gib"]), []).append(c["id"])
    for (family, card), ids in groups.items():
        remaining = list(ids)  # may be empty
        while remaining:
            if time.time() - started > a.budget_s:
                print(f"budget spent: not run {remaining}", flush=True)
                break
            try:
                subprocess.run([sys.executable, __file__, "--out", a.out, "--child", ",".join(remaining), "--card", str(card),
                                "--baseline", str(baseline), "--deadline", str(started + a.budget_s)],
                               timeout=max(60.0, a.budget_s - (time.time() - started) + 90))
            except subprocess.TimeoutExpired:
                print("child timed out", flush=True)
            done = set()
            if os.path.exists(out_path):
                with open(out_path) as f:
                    done = {json.loads(line)["id"] for line in f if line.strip()}
            if remaining and remaining[0] not in done:
                # The child died inside this case: record it and go on with the rest.
                with open(out_path, "a") as f:
                    f.write(json.dumps({"id": remaining[0], "outcome": "crashed"}) + "\n")
                done.add(remaining[0])
            remaining = [i for i in remaining if i not in done]
    print(f"all done in {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
