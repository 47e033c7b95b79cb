"""PyTorch baseline for scripts/bench-train.ts: the same CNN, batch 64, Adam, random data.

SHAPE is "channels,height,width" (default "1,28,28"; "3,32,32" for the colour variant). Prints
one JSON line: {"imagesPerSec": best-of-runs, "msPerStep": ..., "torch": version}.
Run with OPENBLAS_NUM_THREADS=1; uses torch.set_num_threads(THREADS) (default 2).
"""
import json
import os
import sys

try:
    import torch
    import torch.nn as nn
except ImportError as e:  # reported by the caller as "skipped"
    print(json.dumps({"error": f"torch not available: {e}"}))
    sys.exit(0)

from bench_torch_common import best_step_seconds  # noqa: E402 (needs torch)

threads = int(os.environ.get("THREADS", "2"))
batch = int(os.environ.get("BATCH", "64"))
steps = int(os.environ.get("STEPS", "20"))
runs = int(os.environ.get("RUNS", "3"))
channels, height, width = (int(v) for v in os.environ.get("SHAPE", "1,28,28").split(","))
torch.set_num_threads(threads)
torch.set_flush_denormal(True)  # as PyTorch users on CPU do
torch.manual_seed(0)

features = nn.Sequential(
    nn.Conv2d(channels, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 3), nn.ReLU(),
    nn.Flatten(),
)
with torch.no_grad():
    flat = features(torch.zeros(1, channels, height, width)).shape[1]
model = nn.Sequential(features, nn.Linear(flat, 64), nn.ReLU(), nn.Linear(64, 10))
x = torch.rand(batch, channels, height, width)
y = torch.randint(0, 10, (batch,))
best = best_step_seconds(model, x, y, warmup=5, runs=runs, steps=steps)
print(json.dumps({"imagesPerSec": batch / best, "msPerStep": best * 1000, "torch": torch.__version__}))
