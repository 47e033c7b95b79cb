"""Shared timing loop of the PyTorch side of the training benchmarks."""
import time

import torch
from torch import nn


def best_step_seconds(model, x, y, warmup, runs, steps):
    """Trains `model` on one fixed batch with Adam (lr 1e-3) and softmax cross-entropy, and
    returns the best mean seconds per step over `runs` runs of `steps` steps."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        best = min(best, (time.perf_counter() - t0) / steps)
    return best
