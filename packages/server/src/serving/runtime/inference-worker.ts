// One inference worker thread: loads versions (TensorFlow.js or ONNX), decodes PNGs and runs
// batches, off the server's event loop. Messages are handled one at a time, in order, so a
// `load` sent before a `run` has finished when the run starts.
import { parentPort, workerData } from 'node:worker_threads';
import { imageFromPng, inferOnce, initBackend, isMlError, loadModel, tf } from '@qudao/ml';
import type { BackendName } from '@qudao/ml/names';
import { inspectOnnx, OnnxModel, OnnxUnavailableError } from './onnx-session.ts';
import type {
  ItemResult,
  RuntimeModel,
  WorkerError,
  WorkerItem,
  WorkerReply,
  WorkerRequest,
} from './runtime.types.ts';

interface WorkerOptions {
  backend?: BackendName;
  threads?: number;
  /** Threads an ONNX session may use. */
  onnxThreads: number;
}

interface Loaded {
  model: RuntimeModel;
  run(x: Float32Array, rows: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

const options = workerData as WorkerOptions;
const port = parentPort!;
const loaded = new Map<string, Loaded>();

function send(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
}

async function loadTfjs(model: RuntimeModel): Promise<Loaded> {
  const layers = await loadModel(model.dir);
  return {
    model,
    async run(x, rows) {
      const out = tf.tidy(() => inferOnce(layers, tf.tensor(x, [rows, ...model.rowShape])));
      const values = out.dataSync() as Float32Array;
      out.dispose();
      return values;
    },
    async dispose() {
      layers.dispose();
    },
  };
}

async function loadOnnx(model: RuntimeModel): Promise<Loaded> {
  const session = await OnnxModel.load(model.dir, options.onnxThreads);
  return {
    model,
    run: (x, rows) => session.run(x, rows, model.rowShape),
    dispose: () => session.dispose(),
  };
}

const rowSize = (model: RuntimeModel) => model.rowShape.reduce((a, b) => a * b, 1);

/** Loads a version and runs one row of zeros through it, so its first real call is warm. */
async function load(model: RuntimeModel): Promise<{ loadMs: number; units: number }> {
  const started = performance.now();
  const existing = loaded.get(model.key);
  const entry =
    existing ?? (model.format === 'onnx' ? await loadOnnx(model) : await loadTfjs(model));
  let out: Float32Array;
  try {
    out = await entry.run(new Float32Array(rowSize(model)), 1);
  } catch (error) {
    await entry.dispose();
    throw Object.assign(new Error(`its warm-up run failed: ${(error as Error).message}`), {
      kind: 'load_failed',
    });
  }
  loaded.set(model.key, entry);
  return { loadMs: performance.now() - started, units: out.length };
}

/** Prepares each item (PNGs decoded here), runs the good ones as one batch, splits the outputs. */
async function run(
  key: string,
  items: WorkerItem[],
): Promise<{ items: ItemResult[]; units: number }> {
  const entry = loaded.get(key);
  if (!entry) throw Object.assign(new Error(`model ${key} is not loaded`), { kind: 'not_loaded' });
  const size = rowSize(entry.model);
  const prepared: (Float32Array | WorkerError)[] = items.map((item) => {
    if (item.kind === 'tensor') return item.data;
    try {
      return imageFromPng(item.bytes, item.prep);
    } catch (error) {
      if (isMlError(error)) return { message: error.message, mlCode: error.code };
      return { message: (error as Error).message };
    }
  });
  let rows = 0;
  for (const p of prepared) if (p instanceof Float32Array) rows += p.length / size;
  const x = new Float32Array(rows * size);
  let at = 0;
  for (const p of prepared) {
    if (!(p instanceof Float32Array)) continue;
    x.set(p, at);
    at += p.length;
  }
  const out = rows > 0 ? await entry.run(x, rows) : new Float32Array(0);
  const units = rows > 0 ? out.length / rows : 0;
  let row = 0;
  const results = prepared.map((p, i): ItemResult => {
    if (!(p instanceof Float32Array)) return { ok: false, error: p };
    const n = p.length / size;
    const values = out.slice(row * units, (row + n) * units);
    row += n;
    const item = items[i]!;
    return item.kind === 'png'
      ? { ok: true, values, pixels: pixelsOf(p, item.prep.scale) }
      : { ok: true, values };
  });
  return { items: results, units };
}

/**
 * A decoded PNG as the model saw it, back on the 0..255 scale: what the prediction log keeps
 * (drift, retraining), sent back so the event loop never decodes the image a second time.
 */
function pixelsOf(input: Float32Array, scale: number): Uint8Array {
  const pixels = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i++) pixels[i] = Math.round(input[i]! / scale);
  return pixels;
}

function errorOf(error: unknown): WorkerError {
  const e = error as Error & { kind?: string };
  if (error instanceof OnnxUnavailableError)
    return { message: e.message, kind: 'onnx_unavailable' };
  return { message: e.message ?? String(error), kind: e.kind ?? 'run_failed' };
}

async function handle(request: WorkerRequest): Promise<void> {
  try {
    if (request.op === 'load') {
      let result: { loadMs: number; units: number };
      try {
        result = await load(request.model);
      } catch (error) {
        const e = errorOf(error);
        if (e.kind === 'run_failed') e.kind = 'load_failed';
        send({ type: 'reply', id: request.id, ok: false, error: e });
        return;
      }
      send({ type: 'reply', id: request.id, ok: true, ...result });
    } else if (request.op === 'inspect') {
      send({ type: 'reply', id: request.id, ok: true, onnx: await inspectOnnx(request.file) });
    } else if (request.op === 'unload') {
      await loaded.get(request.key)?.dispose();
      loaded.delete(request.key);
      send({ type: 'reply', id: request.id, ok: true });
    } else {
      const started = performance.now();
      const { items, units } = await run(request.key, request.items);
      const computeMs = performance.now() - started;
      const transfer = items.flatMap((i) =>
        i.ok
          ? [i.values.buffer as ArrayBuffer, ...(i.pixels ? [i.pixels.buffer as ArrayBuffer] : [])]
          : [],
      );
      send({ type: 'reply', id: request.id, ok: true, items, units, computeMs }, transfer);
    }
  } catch (error) {
    send({ type: 'reply', id: request.id, ok: false, error: errorOf(error) });
  }
}

const backend = await initBackend({ backend: options.backend, threads: options.threads });
let chain = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  chain = chain.then(() => handle(request));
});
send({ type: 'ready', backend: backend.name });
