"""Turns measure.py's results (JSON lines) into cases for models/measurements.yaml, printed to stdout.

A run capped to a 24 GiB card becomes a case on the GPU `h200-24gib`, an uncapped one on `h200`. The memory figure is
nvidia-smi's reading (kind smi): the CUDA context plus what the allocator held, the figure a user sees; the allocator's
own high-water marks go into the note. A run that raised out-of-memory becomes a case with `out_of_memory: true` and no
memory figure. Runs that failed for another reason are left out, and listed on stderr.

Usage: python3 bench/training-device/to_cases.py RESULTS.jsonl [SOURCE-URL-OR-PATH] [--calibration]
"""

import json
import sys

args = [a for a in sys.argv[1:] if a != "--calibration"]
calibration = "--calibration" in sys.argv
path = args[0]
source = args[1] if len(args) > 1 else path
for line in open(path):
    r = json.loads(line)
    if r["outcome"] not in ("fits", "oom"):
        print(f"left out: {r['id']} ({r['outcome']})", file=sys.stderr)
        continue
    s = dict(r["settings"])
    trained = r["trainable_parameters"] / r["parameters"]
    if "trainable_fraction" in s:
        s["trainable_fraction"] = f"{trained:.3f}"  # the share actually trained: whole tensors were frozen
    settings = ", ".join(f'{k}: "{v}"' if v in ("true", "false") or v[:1].isdigit() else f"{k}: {v}" for k, v in s.items())
    gpu = "h200-24gib" if r["card_gib"] == 24 else "h200"
    if r["outcome"] == "fits":
        steps = ", ".join(f"{t:.3f}" for t in r["step_times"])
        note = (f"rigsmith's own device run: {r['gpu']}, torch {r['torch']}, random weights, {len(r['step_times'])} timed steps "
                f"after 2 warm-up steps ({steps} s). max_memory_allocated {r['max_allocated_mib']:.0f} MiB, "
                f"max_memory_reserved {r['max_reserved_mib']:.0f} MiB, CUDA context at start {r['context_mib_at_start']:.0f} MiB; "
                f"{r['trainable_parameters']:,} of {r['parameters']:,} parameters trained ({trained:.3f})."
                + (f" {r['kernels_per_step']:,} GPU kernels per step (torch.profiler)." if "kernels_per_step" in r else ""))
    else:
        note = (f"rigsmith's own device run: {r['gpu']}, torch {r['torch']}, random weights: out of memory "
                f"(max_memory_allocated {r['max_allocated_mib']:.0f} MiB when it failed; {r['error'][:80]}...). "
                f"{r['trainable_parameters']:,} of {r['parameters']:,} parameters trained ({trained:.3f}).")
    note = note.replace('"', "'")
    print(f"  - id: {r['id']}")
    print(f"    source: {source}")
    if calibration:
        print("    use: calibration")
    print(f'    note: "{note}"')
    print(f"    gpu: {gpu}")
    print(f"    settings: {{{settings}}}")
    if r["outcome"] == "fits":
        print(f"    memory_gib: {r['smi_mib'] / 1024:.2f}")
        print("    kind: smi")
        print(f"    seconds_per_step: {r['seconds_per_step']:.3f}")
    else:
        print("    out_of_memory: true")
