#!/usr/bin/env bash
# Runs measure.py on a machine with a CUDA GPU and writes its results under OUT (default ./device-out).
# diffusers, when the machine lacks it, is read from .devcarry/site (a copy of its src/diffusers, pure Python).
set -uo pipefail
OUT=${OUT:-./device-out}
mkdir -p "$OUT"
export PYTHONPATH="$PWD/.devcarry/site${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version,power.limit,clocks.max.sm,clocks.max.mem --format=csv >"$OUT/gpu.csv" 2>&1
python3 -c "import torch, transformers, peft, diffusers; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'transformers', transformers.__version__, 'peft', peft.__version__, 'diffusers', diffusers.__version__)" 2>&1 | tee "$OUT/versions.txt"
python3 bench/training-device/measure.py --out "$OUT" "$@" 2>&1 | tee "$OUT/log.txt"
