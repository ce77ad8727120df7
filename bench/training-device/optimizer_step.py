"""Times the optimizer step alone and counts its GPU kernels, per optimizer implementation, on one CUDA GPU.

For each case: build the model (measure.py's builders, random weights), run one forward and backward pass so that every
trainable parameter has a gradient, then time optimizer.step() over 2 warm-up and 10 timed steps (synchronised) and
count the kernels of one step with torch.profiler. The result separates the step's memory traffic from the host's time
to launch its kernels: an implementation that loops over parameter tensors in Python (transformers' Adafactor, torch's
single-tensor AdamW) launches a dozen or more kernels per tensor; foreach and fused ones launch a few per group.

Usage: python3 bench/training-device/optimizer_step.py --out DIR   (writes DIR/optimizer.jsonl)
"""

import argparse
import json
import os
import statistics
import time

import measure

CASES = [
    # (id, model, method, optimizer, options)
    ("O1", "sdxl", "full", "adamw", {}),
    ("O2", "sdxl", "full", "adamw", {"foreach": False}),
    ("O3", "sdxl", "full", "adamw", {"fused": True}),
    ("O4", "sdxl", "full", "adafactor", {}),
    ("O5", "sdxl", "lora", "adamw", {}),
    ("O6", "sdxl", "lora", "adafactor", {}),
    ("O7", "llama-3.2-3b", "full", "adamw", {}),
    ("O8", "llama-3.2-3b", "full", "adamw", {"foreach": False}),
    ("O9", "llama-3.2-3b", "full", "adafactor", {}),
    ("O10", "sd15", "full", "adamw", {}),
    ("O11", "sd15", "full", "adafactor", {}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    import torch
    from torch.profiler import ProfilerActivity, profile
    os.makedirs(a.out, exist_ok=True)
    out = os.path.join(a.out, "optimizer.jsonl")
    for cid, model_name, method, optimizer, options in CASES:
        s = {"model": model_name, "method": method, "optimizer": optimizer, "precision": "full-bf16", "batch": "1",
             "resolution": "512", "sequence_length": "256", "lora_rank": "16", "lora_targets": "attn"}
        r = {"id": cid, "settings": s, "options": options}
        started = time.time()
        try:
            family = measure.MODELS[model_name][0]
            model, loss_fn, attn, mlp = (measure.build_unet if family == "unet" else measure.build_llm)(torch, s, torch.bfloat16)
            if method == "lora":
                from peft import LoraConfig, inject_adapter_in_model
                model.requires_grad_(False)
                torch.set_default_dtype(torch.bfloat16)
                with torch.device("cuda"):
                    model = inject_adapter_in_model(LoraConfig(r=16, lora_alpha=16, target_modules=attn, lora_dropout=0.0), model)
                torch.set_default_dtype(torch.float32)
                for name, p in model.named_parameters():
                    p.requires_grad_("lora_" in name)
            trainable = [p for p in model.parameters() if p.requires_grad]
            r["tensors"] = len(trainable)
            r["all_tensors"] = len(list(model.parameters()))
            r["trainable_parameters"] = sum(p.numel() for p in trainable)
            if optimizer == "adamw":
                opt = torch.optim.AdamW(trainable, lr=1e-6, **options)
            else:
                from transformers.optimization import Adafactor
                opt = Adafactor(trainable, lr=1e-6, scale_parameter=False, relative_step=False, warmup_init=False)
            loss_fn().backward()
            times = []
            for i in range(12):
                torch.cuda.synchronize()
                t0 = time.perf_counter()
                opt.step()
                torch.cuda.synchronize()
                if i >= 2:
                    times.append(time.perf_counter() - t0)
            with profile(activities=[ProfilerActivity.CUDA]) as prof:
                opt.step()
                torch.cuda.synchronize()
            names = [e.name for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]
            r["kernels"] = sum(1 for n in names if not n.lower().startswith(("memcpy", "memset")))
            r["seconds"] = statistics.median(times)
            r["step_times"] = times
            r["outcome"] = "ok"
            del model, opt, loss_fn, trainable
        except Exception as e:
            import traceback
            r["outcome"] = "error"
            r["error"] = "".join(traceback.format_exception(e))[-2000:]
        import gc
        gc.collect()
        torch.cuda.empty_cache()
        r["wall_s"] = round(time.time() - started, 1)
        with open(out, "a") as f:
            f.write(json.dumps(r) + "\n")
        print(f"{cid} {model_name} {method} {optimizer} {options}: {r.get('seconds', 0) * 1e3:.1f} ms, "
              f"{r.get('kernels')} kernels, {r.get('tensors')} tensors ({r['wall_s']} s) {r.get('error', '')[-300:]}", flush=True)


if __name__ == "__main__":
    main()
