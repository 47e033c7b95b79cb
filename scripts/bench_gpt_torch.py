"""PyTorch side of scripts/bench-gpt.ts: the `gpt` template's model (GPT-2 layout, nanoGPT
style) at the same sizes.

Training: pre-LayerNorm blocks, causal attention (masked softmax; PyTorch 1.13 has no fused
scaled_dot_product_attention), GELU MLP, tied output embedding, dropout, AdamW (weight decay
0.1), gradient clipping at norm 1, softmax cross-entropy on random windows of random tokens.
Generation: a key/value cache preallocated per layer, one new token per stream a step,
multinomial sampling at temperature 1; streams prefilled together (one batched prompt pass).

Prints one JSON line: {"trainTokensPerSec", "genTokensPerSec1", "genTokensPerSec16",
"ttftMs1", "ttftMs16", "torch", "gemmGflops"}. Run with OPENBLAS_NUM_THREADS=1 (on more
threads OpenBLAS fights torch's OpenMP threads and PyTorch gets slower); uses
torch.set_num_threads(THREADS) (default 2) and flushes denormals (set_flush_denormal), as
PyTorch users on CPU do: without it the backward pass ran 5x slower here. gemmGflops (a
2048x128 @ 128x2048 product) shows which BLAS torch reached: Debian's reference libblas3
manages ~3 GFLOP/s, OpenBLAS (apt-get install libopenblas0-pthread) 30+.
"""
import json
import math
import os
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # reported by the caller as "skipped"
    print(json.dumps({"error": f"torch not available: {e}"}))
    sys.exit(0)

env = lambda name, default: int(os.environ.get(name, default))  # noqa: E731
threads = env("THREADS", "2")
vocab = env("VOCAB", "2048")
ctx = env("CONTEXT", "128")
layers = env("LAYERS", "4")
width = env("WIDTH", "128")
heads = env("HEADS", "4")
batch = env("BATCH", "16")
steps = env("STEPS", "10")
prompt_len = env("PROMPT", "32")
gen1 = env("GEN1", "96")
gen16 = env("GEN16", "64")
rate = float(os.environ.get("DROPOUT", "0.1"))
torch.set_num_threads(threads)
torch.set_flush_denormal(True)
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(width, eps=1e-5)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width, eps=1e-5)
        self.fc = nn.Linear(width, 4 * width)
        self.out = nn.Linear(4 * width, width)
        self.drop = nn.Dropout(rate)
        self.attn_drop = nn.Dropout(rate)
        self.register_buffer("mask", torch.tril(torch.ones(ctx, ctx, dtype=torch.bool)))

    def split(self, t, b, n):
        return t.view(b, n, heads, width // heads).transpose(1, 2)

    def forward(self, x, cache=None, pos=0):
        b, n, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(width, dim=2)
        q, k, v = self.split(q, b, n), self.split(k, b, n), self.split(v, b, n)
        if cache is not None:
            kc, vc = cache
            kc[:b, :, pos : pos + n] = k
            vc[:b, :, pos : pos + n] = v
            k, v = kc[:b, :, : pos + n], vc[:b, :, : pos + n]
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(width // heads))
        total = pos + n
        att = att.masked_fill(~self.mask[pos:total, :total], float("-inf"))
        att = self.attn_drop(F.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).contiguous().view(b, n, width)
        x = x + self.drop(self.proj(y))
        return x + self.drop(self.out(F.gelu(self.fc(self.ln2(x)))))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Embedding(ctx, width)
        self.drop = nn.Dropout(rate)
        self.blocks = nn.ModuleList(Block() for _ in range(layers))
        self.ln = nn.LayerNorm(width, eps=1e-5)

    def forward(self, ids, caches=None, pos=0):
        n = ids.shape[1]
        x = self.drop(self.tok(ids) + self.pos(torch.arange(pos, pos + n)))
        for i, blk in enumerate(self.blocks):
            x = blk(x, None if caches is None else caches[i], pos)
        return self.ln(x) @ self.tok.weight.t()  # tied output embedding


def train_tokens_per_sec(model):
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.1)
    data = torch.randint(0, vocab, (batch * 8, ctx + 1))

    def step(i):
        rows = data[(i % 8) * batch : (i % 8 + 1) * batch]
        x, y = rows[:, :-1], rows[:, 1:]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for i in range(3):
        step(i)
    t0 = time.perf_counter()
    for i in range(steps):
        step(i)
    return batch * ctx * steps / (time.perf_counter() - t0)


@torch.no_grad()
def generate(model, streams, new_tokens):
    """Tokens per second of `streams` concurrent streams, and the time to their first token."""
    model.eval()
    head = width // heads
    caches = [
        (torch.zeros(streams, heads, ctx, head), torch.zeros(streams, heads, ctx, head))
        for _ in range(layers)
    ]
    prompts = torch.randint(0, vocab, (streams, prompt_len))
    t0 = time.perf_counter()
    logits = model(prompts, caches, 0)[:, -1]
    token = torch.multinomial(F.softmax(logits, dim=-1), 1)
    ttft = (time.perf_counter() - t0) * 1000
    for i in range(new_tokens - 1):
        logits = model(token, caches, prompt_len + i)[:, -1]
        token = torch.multinomial(F.softmax(logits, dim=-1), 1)
    seconds = time.perf_counter() - t0
    return streams * new_tokens / seconds, ttft


def gemm_gflops():
    a, b = torch.randn(2048, 128), torch.randn(128, 2048)
    for _ in range(3):
        a @ b
    t0 = time.perf_counter()
    for _ in range(10):
        a @ b
    return 2 * 2048 * 128 * 2048 * 10 / (time.perf_counter() - t0) / 1e9


model = GPT()
result = {"torch": torch.__version__, "gemmGflops": gemm_gflops()}
result["trainTokensPerSec"] = train_tokens_per_sec(model)
generate(model, 1, 8)  # warm-up
result["genTokensPerSec1"], result["ttftMs1"] = generate(model, 1, gen1)
result["genTokensPerSec16"], result["ttftMs16"] = generate(model, 16, gen16)
print(json.dumps(result))
