import { errorOf, InferenceEngine } from './inference-engine.ts';
import type { ItemResult, RuntimeModel, WorkerError, WorkerItem } from './runtime.types.ts';

/**
 * The inline lane: a copy of a small TensorFlow.js version on the event loop, for batches whose
 * measured compute is under `budgetMs` and that arrive while every worker is idle. Sending such a
 * batch to a worker costs more than running it: a round trip (structured clone, two thread
 * wake-ups) is about 0.5 ms on this 2-core machine for about 0.15 ms of MNIST inference, and the
 * worker's wake-up competes with the load generator and the event loop for the cores. A batch
 * that does not fit (a bigger model, a busy server, an ONNX version, a PNG larger than its pixels
 * could need) goes to the workers as before, and the decision is taken per batch.
 */
export class InlineLane {
  private readonly engine = new InferenceEngine(1);
  private readonly ready = new Set<string>();
  private readonly loading = new Map<string, Promise<void>>();

  /** `loaded`: told each version once its copy here is warm (the memory budget counts it). */
  constructor(
    readonly budgetMs: number,
    private readonly loaded: (key: string) => void,
  ) {}

  /** Whether `model` is loaded here; if not, starts loading it and answers false meanwhile. */
  has(model: RuntimeModel): boolean {
    if (this.ready.has(model.key)) return true;
    if (!this.loading.has(model.key)) {
      const load = this.engine
        .load(model)
        .then(() => {
          if (this.loading.get(model.key) !== load) return;
          this.ready.add(model.key);
          this.loaded(model.key);
        })
        .catch(() => {})
        .finally(() => {
          if (this.loading.get(model.key) === load) this.loading.delete(model.key);
        });
      this.loading.set(model.key, load);
    }
    return false;
  }

  get keys(): string[] {
    return [...this.ready];
  }

  /** Runs one batch here; a failure of the whole batch is each item's error. */
  async run(key: string, items: WorkerItem[]): Promise<{ items: ItemResult[]; units: number }> {
    try {
      return await this.engine.run(key, items);
    } catch (error) {
      const e: WorkerError = errorOf(error);
      return { items: items.map(() => ({ ok: false, error: e })), units: 0 };
    }
  }

  /** Drops the copy of `key` (evicted, or the server stops). */
  unload(key: string): void {
    this.loading.delete(key);
    if (this.ready.delete(key)) void this.engine.unload(key).catch(() => {});
  }
}

/**
 * Whether a PNG is small enough to decode on the event loop: at most its raw pixels (filter byte
 * per row included) plus 1 KiB of chunks. A real PNG compresses below its raw size; one that does
 * not (a right-sized header over megabytes of data) is decoded on a worker, never here.
 */
export function pngFitsInline(
  bytes: number,
  prep: { height: number; width: number; channels: number },
): boolean {
  return bytes <= prep.height * (prep.width * Math.max(prep.channels, 4) + 1) + 1024;
}
