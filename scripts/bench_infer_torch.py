"""PyTorch baseline for scripts/bench-infer.ts: the cnn template, eval mode, torch.no_grad().

For each batch size in BATCHES (default "1,64"), times ITERS forward passes one by one after a
warm-up and prints one JSON line: {"1": {"p50": ms, "p99": ms}, "64": {...}, "torch": version}.
Run with OPENBLAS_NUM_THREADS=1; uses torch.set_num_threads(THREADS) (default 2).
"""
import json
import os
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError as e:  # reported by the caller as "skipped"
    print(json.dumps({"error": f"torch not available: {e}"}))
    sys.exit(0)

threads = int(os.environ.get("THREADS", "2"))
iters = int(os.environ.get("ITERS", "200"))
batches = [int(b) for b in os.environ.get("BATCHES", "1,64").split(",")]
torch.set_num_threads(threads)
torch.set_flush_denormal(True)  # as PyTorch users on CPU do
torch.manual_seed(0)

model = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 3), nn.ReLU(),
    nn.Flatten(),
    nn.Linear(64 * 3 * 3, 64), nn.ReLU(),
    nn.Linear(64, 10), nn.Softmax(dim=1),
)
model.eval()


def percentile(sorted_ms, q):
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))]


out = {"torch": torch.__version__}
with torch.no_grad():
    for batch in batches:
        x = torch.rand(batch, 1, 28, 28)
        n = iters if batch == 1 else max(20, iters // 4)
        for _ in range(max(10, n // 10)):
            model(x)
        ms = []
        for _ in range(n):
            t0 = time.perf_counter()
            model(x)
            ms.append((time.perf_counter() - t0) * 1000)
        ms.sort()
        out[str(batch)] = {"p50": percentile(ms, 0.5), "p99": percentile(ms, 0.99)}
print(json.dumps(out))
