// The versions one thread has loaded and how a batch runs on them: what an inference worker
// does with its messages, and what the runtime's inline lane does on the event loop for a
// version too small to be worth a trip to a worker (serving-runtime.ts).
import { imageFromPng, inferOnce, isMlError, loadModel, tf } from '@qudao/ml';
import { OnnxModel, OnnxUnavailableError } from './onnx-session.ts';
import type { ItemResult, RuntimeModel, WorkerError, WorkerItem } from './runtime.types.ts';

interface Loaded {
  model: RuntimeModel;
  run(x: Float32Array, rows: number): Promise<Float32Array>;
  dispose(): Promise<void>;
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

async function loadOnnx(model: RuntimeModel, threads: number): Promise<Loaded> {
  const session = await OnnxModel.load(model.dir, threads);
  return {
    model,
    run: (x, rows) => session.run(x, rows, model.rowShape),
    dispose: () => session.dispose(),
  };
}

const rowSize = (model: RuntimeModel) => model.rowShape.reduce((a, b) => a * b, 1);

/** One thread's loaded versions (TensorFlow.js or ONNX) and the batches run on them. */
export class InferenceEngine {
  private readonly loaded = new Map<string, Loaded>();

  /** `onnxThreads`: threads an ONNX session may use. */
  constructor(private readonly onnxThreads: number) {}

  /** Loads a version and runs one row of zeros through it, so its first real call is warm. */
  async load(model: RuntimeModel): Promise<{ loadMs: number; units: number }> {
    const started = performance.now();
    const existing = this.loaded.get(model.key);
    const entry =
      existing ??
      (model.format === 'onnx' ? await loadOnnx(model, this.onnxThreads) : await loadTfjs(model));
    let out: Float32Array;
    try {
      out = await entry.run(new Float32Array(rowSize(model)), 1);
    } catch (error) {
      await entry.dispose();
      throw Object.assign(new Error(`its warm-up run failed: ${(error as Error).message}`), {
        kind: 'load_failed',
      });
    }
    this.loaded.set(model.key, entry);
    return { loadMs: performance.now() - started, units: out.length };
  }

  async unload(key: string): Promise<void> {
    await this.loaded.get(key)?.dispose();
    this.loaded.delete(key);
  }

  /** Prepares each item (PNGs decoded here), runs the good ones as one batch, splits the outputs. */
  async run(key: string, items: WorkerItem[]): Promise<{ items: ItemResult[]; units: number }> {
    const entry = this.loaded.get(key);
    if (!entry) {
      throw Object.assign(new Error(`model ${key} is not loaded`), { kind: 'not_loaded' });
    }
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

/** A thrown error as the worker error the runtime maps to an API error. */
export function errorOf(error: unknown): WorkerError {
  const e = error as Error & { kind?: string };
  if (error instanceof OnnxUnavailableError)
    return { message: e.message, kind: 'onnx_unavailable' };
  return { message: e.message ?? String(error), kind: e.kind ?? 'run_failed' };
}
