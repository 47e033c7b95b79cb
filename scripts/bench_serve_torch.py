"""PyTorch + FastAPI + uvicorn baseline of scripts/bench-serve.ts: the same cnn network, the same
weights (exported from our model by the bench), the same image preparation.

POST /predict takes one PNG as the raw body (image/png) and answers
{"label": ..., "probabilities": [{"label", "probability"}, ...]} like our endpoint. The forward
pass runs in Starlette's thread pool (run_in_threadpool), the usual way to keep CPU work off
uvicorn's event loop; eval mode, torch.inference_mode(). One uvicorn worker, no access log.

Environment: WEIGHTS (the JSON the bench wrote), PORT, THREADS (torch.set_num_threads);
run with OPENBLAS_NUM_THREADS=1. Prints {"error": ...} and exits 0 when a package is missing,
so the bench can say why it skipped this side.
"""
import io
import json
import os
import sys

try:
    import numpy as np
    import torch
    import uvicorn
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse
    from PIL import Image
    from starlette.concurrency import run_in_threadpool
    from torch import nn
except ImportError as e:
    print(json.dumps({"error": f"{e} (apt-get install -y python3-torch python3-fastapi "
                               "python3-uvicorn python3-pil)"}), flush=True)
    sys.exit(0)

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
with open(os.environ["WEIGHTS"]) as f:
    saved = json.load(f)
prep = saved["prep"]
classes = saved["classes"]
layers = saved["layers"]


def tensor(weight):
    return torch.tensor(weight["values"], dtype=torch.float32).reshape(weight["shape"])


# The cnn template (packages/ml/src/models/cnn.ts), layer for layer.
model = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 3), nn.ReLU(),
    nn.Flatten(),
    nn.Linear(64 * 3 * 3, 64), nn.ReLU(),
    nn.Linear(64, len(classes)), nn.Softmax(dim=1),
)
convs = [m for m in model if isinstance(m, nn.Conv2d)]
denses = [m for m in model if isinstance(m, nn.Linear)]
kinds = [layer["kind"] for layer in layers]
if kinds != ["Conv2D"] * 3 + ["Dense"] * 2:
    raise SystemExit(f"unexpected layers {kinds}: the bench serves the cnn template")
with torch.no_grad():
    for conv, layer in zip(convs, layers[:3]):
        kernel, bias = (tensor(w) for w in layer["weights"])
        conv.weight.copy_(kernel.permute(3, 2, 0, 1))  # HWIO -> OIHW
        conv.bias.copy_(bias)
    first, head = layers[3], layers[4]
    kernel, bias = (tensor(w) for w in first["weights"])
    # TensorFlow.js flattens HWC, PyTorch CHW: reorder the rows of the first dense kernel.
    kernel = kernel.reshape(3, 3, 64, 64).permute(2, 0, 1, 3).reshape(576, 64)
    denses[0].weight.copy_(kernel.t())
    denses[0].bias.copy_(bias)
    kernel, bias = (tensor(w) for w in head["weights"])
    denses[1].weight.copy_(kernel.t())
    denses[1].bias.copy_(bias)
model.eval()

height, width = prep["height"], prep["width"]
factor = 255 * prep["scale"]


def prepare(body: bytes) -> torch.Tensor:
    """The PNG as our serving prepares it: grayscale 0..1, light border inverted, scaled."""
    image = Image.open(io.BytesIO(body)).convert("L")
    if image.size != (width, height):
        raise ValueError(f"expected a {height}x{width} image; the PNG is {image.height}x{image.width}")
    unit = np.asarray(image, dtype=np.float32) / 255.0
    border = np.concatenate([unit[0], unit[-1], unit[1:-1, 0], unit[1:-1, -1]])
    if prep["invertLightBackground"] and border.mean() > 0.5:
        unit = 1.0 - unit
    return torch.from_numpy(unit * factor).reshape(1, 1, height, width)


def infer(body: bytes):
    x = prepare(body)
    with torch.inference_mode():
        probs = model(x)[0].tolist()
    best = max(range(len(probs)), key=probs.__getitem__)
    return {
        "label": classes[best],
        "probabilities": [{"label": c, "probability": p} for c, p in zip(classes, probs)],
    }


app = FastAPI()


@app.get("/health")
async def health():
    return {"status": "ok", "torch": torch.__version__}


@app.post("/predict")
async def predict(request: Request):
    body = await request.body()
    try:
        return await run_in_threadpool(infer, body)
    except (ValueError, OSError) as e:
        return JSONResponse({"error": str(e)}, status_code=400)


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning",
                access_log=False)
