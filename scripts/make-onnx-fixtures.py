"""Makes the ONNX test models in test/fixtures/onnx/ with PyTorch (Debian's python3-torch):
models "trained elsewhere" that Qudao serves through onnxruntime-node (docs/serving.md).

  /usr/bin/python3 scripts/make-onnx-fixtures.py

- digits-cnn.onnx: a small CNN over [n, 1, 28, 28] (NCHW, as PyTorch exports), softmax over 10
  classes, seeded random weights; digits-cnn.expected.json holds three 28x28 images (0..255)
  and PyTorch's probabilities for them, which the served answers must match.
- iris-linear.onnx: [n, 4] -> softmax over 3 classes, with its expected outputs.
- overflow.onnx: [n, 2] -> exp(x): finite inputs whose outputs overflow to Infinity.
- unsupported-op.onnx: the CNN with its ReLUs exported as an operator onnxruntime does not
  have (qudao.test::Frobnicate): a deploy must refuse it with a clear error.
The files are small and committed; rerun this only to change them.
"""
import json
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "onnx")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(7)


def export(model, example, name):
    model.eval()
    torch.onnx.export(
        model,
        example,
        os.path.join(OUT, name),
        input_names=["x"],
        output_names=["y"],
        dynamic_axes={"x": {0: "n"}, "y": {0: "n"}},
        opset_version=13,
    )


cnn = nn.Sequential(
    nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 5 * 5, 10), nn.Softmax(dim=1),
)
export(cnn, torch.zeros(1, 1, 28, 28), "digits-cnn.onnx")
g = torch.Generator().manual_seed(1)
images = [
    torch.zeros(28, 28, dtype=torch.uint8),
    (torch.arange(28 * 28) % 256).reshape(28, 28).to(torch.uint8),
    torch.randint(0, 256, (28, 28), generator=g, dtype=torch.uint8),
]
with torch.no_grad():
    probs = cnn(torch.stack(images).float().div(255).unsqueeze(1))
json.dump(
    {"images": [i.tolist() for i in images], "probabilities": probs.tolist()},
    open(os.path.join(OUT, "digits-cnn.expected.json"), "w"),
)

linear = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
export(linear, torch.zeros(1, 4), "iris-linear.onnx")
rows = torch.tensor([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]])
with torch.no_grad():
    json.dump(
        {"rows": rows.tolist(), "probabilities": linear(rows).tolist()},
        open(os.path.join(OUT, "iris-linear.expected.json"), "w"),
    )


class Exp(nn.Module):
    def forward(self, x):
        return torch.exp(x)


export(Exp(), torch.zeros(1, 2), "overflow.onnx")


def frobnicate(g, x):
    return g.op("qudao.test::Frobnicate", x)


torch.onnx.register_custom_op_symbolic("aten::relu", frobnicate, 13)
export(cnn, torch.zeros(1, 1, 28, 28), "unsupported-op.onnx")
print("wrote", sorted(os.listdir(OUT)))
