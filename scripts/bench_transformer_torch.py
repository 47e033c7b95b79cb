"""PyTorch baseline for scripts/bench-train-transformer.ts: the text-transformer template's layers.

token + position embeddings -> N x [multi-head self-attention -> dropout -> add & layer norm ->
GELU feed-forward -> dropout -> add & layer norm] -> mean over tokens -> dropout -> dense softmax
head, Adam, random token ids (no padding, so the mean is over every token on both sides).

Prints one JSON line: {"tokensPerSec": best-of-runs, "msPerStep": ..., "torch": version}.
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

env = lambda name, default: int(os.environ.get(name, default))  # noqa: E731
threads = env("THREADS", "2")
batch = env("BATCH", "32")
seq = env("SEQ_LEN", "128")
vocab = env("VOCAB", "10000")
dim = env("EMBED_DIM", "64")
heads = env("HEADS", "4")
ff_dim = env("FF_DIM", "128")
blocks = env("BLOCKS", "2")
classes = env("CLASSES", "2")
steps = env("STEPS", "10")
runs = env("RUNS", "3")
rate = float(os.environ.get("DROPOUT", "0.1"))
torch.set_num_threads(threads)
torch.set_flush_denormal(True)  # as PyTorch users on CPU do
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.drop1 = nn.Dropout(rate)
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.ff = nn.Sequential(nn.Linear(dim, ff_dim), nn.GELU(), nn.Linear(ff_dim, dim))
        self.drop2 = nn.Dropout(rate)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, h):
        a, _ = self.attention(h, h, h, need_weights=False)
        h = self.norm1(h + self.drop1(a))
        return self.norm2(h + self.drop2(self.ff(h)))


class TextTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(vocab, dim)
        self.positions = nn.Parameter(torch.empty(seq, dim).uniform_(-0.05, 0.05))
        self.blocks = nn.Sequential(*[Block() for _ in range(blocks)])
        self.drop = nn.Dropout(rate)
        self.head = nn.Linear(dim, classes)

    def forward(self, ids):
        h = self.blocks(self.tokens(ids) + self.positions)
        return self.head(self.drop(h.mean(dim=1)))


model = TextTransformer()
model.train()
x = torch.randint(2, vocab, (batch, seq))
y = torch.randint(0, classes, (batch,))
best = best_step_seconds(model, x, y, warmup=3, runs=runs, steps=steps)
print(json.dumps({"tokensPerSec": batch * seq / best, "msPerStep": best * 1000, "torch": torch.__version__}))
