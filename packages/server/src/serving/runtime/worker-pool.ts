import { Worker } from 'node:worker_threads';
import type { BackendName } from '@qudao/ml/names';
import type { WorkerCall, WorkerError, WorkerReply } from './runtime.types.ts';

const ENTRY = new URL('./inference-worker.mjs', import.meta.url);

type Reply = Extract<WorkerReply, { type: 'reply' }>;
type Success = Extract<Reply, { ok: true }>;

/** A worker's failure or refusal, as the runtime maps it to an API error. */
export class WorkerCallError extends Error {
  constructor(readonly error: WorkerError) {
    super(error.message);
  }
}

interface Pending {
  resolve(reply: Success): void;
  reject(error: Error): void;
}

/** One inference thread: its pending calls, how many batches it holds, the versions it loaded. */
export class PoolWorker {
  readonly pending = new Map<number, Pending>();
  /** Batches sent and not answered. */
  busy = 0;
  /** Version keys loaded (or being loaded) on this thread. */
  readonly loaded = new Set<string>();
  ready: Promise<void>;
  private nextId = 1;
  private worker: Worker;

  constructor(
    readonly index: number,
    private readonly options: PoolOptions,
    private readonly onExit: (worker: PoolWorker, error: Error) => void,
  ) {
    this.worker = this.spawn();
    this.ready = this.started();
  }

  private spawn(): Worker {
    const worker = new Worker(ENTRY, {
      workerData: {
        backend: this.options.backend,
        threads: this.options.threads,
        onnxThreads: this.options.onnxThreads,
      },
      // The parent's loader flags (tsx, vitest) are not the worker's; it registers tsx itself.
      execArgv: [],
      resourceLimits: this.options.resourceLimits,
    });
    worker.unref();
    worker.on('message', (message: WorkerReply) => {
      if (message.type !== 'reply') return;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.ok) pending.resolve(message);
      else pending.reject(new WorkerCallError(message.error));
    });
    // Events of a thread already replaced are ignored.
    worker.on('error', (error) => {
      if (worker === this.worker) this.fail(error);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker && !this.closing) {
        this.fail(new Error(`inference worker exited with code ${code}`));
      }
    });
    return worker;
  }

  private started(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: WorkerReply) => {
        if (message.type !== 'ready') return;
        this.worker.off('message', onMessage);
        this.worker.off('error', reject);
        this.startedOnce = true;
        resolve();
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
    });
  }

  private closing = false;
  private failed = false;
  /** Whether a thread of this slot ever started: one that cannot start is not retried. */
  startedOnce = false;

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    const lost = new WorkerCallError({
      message: `an inference worker stopped (${error.message}); the call was not run`,
      kind: 'worker_failed',
    });
    for (const p of this.pending.values()) p.reject(lost);
    this.pending.clear();
    this.loaded.clear();
    this.busy = 0;
    this.onExit(this, error);
  }

  /** Replaces a stopped thread with a fresh one (its versions are loaded again on demand). */
  respawn(): void {
    this.failed = false;
    this.worker = this.spawn();
    this.ready = this.started();
    this.ready.catch(() => {});
  }

  call(request: WorkerCall, transfer: ArrayBuffer[] = []): Promise<Success> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.failed || this.closing) {
        reject(
          new WorkerCallError({
            message: 'the inference worker is stopped',
            kind: 'worker_failed',
          }),
        );
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

export interface PoolOptions {
  size: number;
  backend?: BackendName;
  threads?: number;
  onnxThreads: number;
  resourceLimits?: { maxOldGenerationSizeMb?: number };
}

/**
 * The inference threads: started on first use, each one a V8 isolate with its own TensorFlow.js
 * engine (the native kernels' thread pool is the process's, shared). A thread that dies is
 * replaced; the calls it held fail with `serving.worker_failed`.
 */
export class WorkerPool {
  readonly workers: PoolWorker[] = [];
  private starting: Promise<void> | null = null;

  constructor(
    private readonly options: PoolOptions,
    private readonly onChange: () => void,
  ) {}

  get size(): number {
    return this.options.size;
  }

  /** Starts the threads once; resolves when every one is ready. */
  start(): Promise<void> {
    if (!this.starting) {
      for (let i = 0; i < this.options.size; i++) {
        this.workers.push(
          new PoolWorker(i, this.options, (worker) => {
            if (worker.startedOnce) worker.respawn();
            this.onChange();
          }),
        );
      }
      this.starting = Promise.all(this.workers.map((w) => w.ready)).then(() => {});
    }
    return this.starting;
  }

  get started(): boolean {
    return this.starting !== null;
  }

  /** A thread with no batch running, or null when all are busy. */
  idleWorker(): PoolWorker | null {
    let best: PoolWorker | null = null;
    for (const w of this.workers) if (w.busy === 0 && (!best || w.index < best.index)) best = w;
    return best;
  }

  /** The thread with the fewest batches (for batches sent while every thread is busy). */
  leastBusy(): PoolWorker {
    return this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
