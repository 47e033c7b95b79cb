import { MlError, type MlErrorCode } from '@qudao/ml/errors';
import type { BackendName } from '@qudao/ml/names';
import { AppError } from '../../shared/app-error.ts';
import { appErrorOfMl } from '../../shared/ml-errors.ts';
import { servingErrors } from '../serving.errors.ts';
import { BatchQueue, type Chunk } from './batch-queue.ts';
import { InlineLane, pngFitsInline } from './inline-lane.ts';
import { type LoadEvents, LoadedModels } from './loaded-models.ts';
import type {
  BatchSettings,
  DispatchReason,
  ItemResult,
  OnnxSignature,
  RuntimeInput,
  RuntimeModel,
  RuntimeOutput,
  WorkerError,
  WorkerItem,
} from './runtime.types.ts';
import { WorkerCallError, WorkerPool } from './worker-pool.ts';

/** What the runtime reports as it runs, for the metrics (monitoring/metrics.ts implements it). */
export interface RuntimeEvents extends LoadEvents {
  batch(
    model: RuntimeModel,
    endpoint: string,
    rows: number,
    reason: DispatchReason,
    ms: number,
    lane: 'worker' | 'inline',
  ): void;
  queue(model: RuntimeModel, endpoint: string, rows: number): void;
  queueDelay(model: RuntimeModel, endpoint: string, ms: number): void;
  /** A batch's compute alone, on the thread that ran it (PNG decoding included). */
  compute(model: RuntimeModel, endpoint: string, ms: number): void;
}

export interface RuntimeOptions {
  workers: number;
  backend?: BackendName;
  threads?: number;
  onnxThreads: number;
  memoryBytes: number;
  events: RuntimeEvents;
  /**
   * Batches measured to compute in under this many ms run on the event loop while every worker
   * is idle (inline-lane.ts); 0 sends every batch to a worker.
   */
  inlineMs?: number;
}

/** Worker batches of a queue measured before the inline lane may take its batches. */
const INLINE_AFTER_SAMPLES = 8;

/** A full batch is sent to a busy worker when it holds fewer than this many (no gap between). */
const PIPELINE_DEPTH = 2;

/**
 * The serving runtime: the inference threads, the versions loaded on them and one batch queue
 * per endpoint and version. `run` is the one way a prediction executes: it warms the version if
 * needed, queues the request's rows and resolves with its outputs once its batches have run.
 * Nothing here touches the database or metering: callers validate and bill around it.
 */
export class ServingRuntime {
  private readonly pool: WorkerPool;
  readonly models: LoadedModels;
  private readonly queues = new Map<string, BatchQueue>();
  private readonly inline: InlineLane | null;
  private draining = false;
  private running = 0;
  private drained: (() => void)[] = [];

  constructor(private readonly options: RuntimeOptions) {
    this.pool = new WorkerPool(
      {
        size: options.workers,
        backend: options.backend,
        threads: options.threads,
        onnxThreads: options.onnxThreads,
      },
      () => this.onWorkerFree(),
    );
    this.inline = options.inlineMs
      ? new InlineLane(options.inlineMs, (key) => this.models.addCopy(key))
      : null;
    this.models = new LoadedModels(this.pool, options.memoryBytes, options.events, (key) =>
      this.inline?.unload(key),
    );
  }

  get workers(): number {
    return this.pool.size;
  }

  /** Loads and warms a version on every thread; a version that cannot load is a clear error. */
  async warm(model: RuntimeModel): Promise<void> {
    try {
      if (model.format === 'onnx' && !this.models.isWarm(model.key)) await pinOnnxRuntime();
      await this.models.warm(model);
    } catch (error) {
      throw this.appError(error, model);
    }
  }

  /** Reads an ONNX file's inputs and outputs on a worker (onnxruntime runs nowhere else). */
  async inspectOnnx(file: string, ref: string): Promise<OnnxSignature> {
    await pinOnnxRuntime();
    await this.pool.start();
    try {
      return (await this.pool.leastBusy().call({ op: 'inspect', file })).onnx!;
    } catch (error) {
      throw this.appError(error, { ...PROBE, label: { model: ref, version: 0 } });
    }
  }

  /**
   * Loads a version's files on one worker, runs one row of zeros and unloads it: what a deploy
   * would meet, found before the version is registered.
   */
  async check(model: RuntimeModel): Promise<{ units: number }> {
    if (model.format === 'onnx') await pinOnnxRuntime();
    await this.pool.start();
    const worker = this.pool.leastBusy();
    const probe = { ...model, key: `check:${model.key}` };
    try {
      const reply = await worker.call({ op: 'load', model: probe });
      return { units: reply.units ?? 0 };
    } catch (error) {
      throw this.appError(error, model);
    } finally {
      await worker.call({ op: 'unload', key: probe.key }).catch(() => {});
    }
  }

  isWarm(key: string): boolean {
    return this.models.isWarm(key);
  }

  /**
   * Refuses, before anything is billed, a call that does not fit: 413 when it alone holds more
   * rows than the queue, 503 `serving.overloaded` (with `Retry-After`) when the queue is full or
   * the server is draining.
   */
  admit(endpoint: string, model: RuntimeModel, rows: number, settings: BatchSettings): void {
    if (this.draining) throw servingErrors.overloaded(endpoint, 'draining', 0, 1);
    if (rows > settings.maxQueueRows) {
      throw servingErrors.tooManyRows(endpoint, rows, settings.maxQueueRows);
    }
    const queue = this.queues.get(queueKey(endpoint, model));
    if (queue && queue.rows + rows > settings.maxQueueRows) {
      throw servingErrors.overloaded(endpoint, 'queue_full', queue.rows, this.retryAfter(queue));
    }
  }

  /** Runs one request's rows on `model` through the endpoint's batch queue. */
  async run(
    endpoint: string,
    model: RuntimeModel,
    input: RuntimeInput,
    settings: BatchSettings,
  ): Promise<RuntimeOutput> {
    const rows = input.kind === 'png' ? 1 : input.rows;
    this.admit(endpoint, model, rows, settings);
    await this.warm(model);
    this.admit(endpoint, model, rows, settings);
    const queue = this.queueOf(endpoint, model, settings);
    const parts = splitRows(input, rows, settings.maxBatchRows);
    const now = performance.now();
    this.models.use(model.key, rows);
    const results = parts.map(
      (part) =>
        new Promise<{ values: Float32Array; units: number; pixels?: Uint8Array }>(
          (resolve, reject) => {
            const chunk: Chunk = {
              rows: part.rows,
              item: part.item,
              enqueuedAt: now,
              resolve: (values, units, pixels) => resolve({ values, units, pixels }),
              reject: (error) => reject(this.appError(error, model)),
            };
            queue.push(chunk);
          },
        ),
    );
    this.options.events.queue(model, endpoint, queue.rows);
    this.schedule(queue, true);
    const outputs = await Promise.all(results);
    const units = outputs[0]?.units ?? 0;
    if (outputs.length === 1) {
      const { values, pixels } = outputs[0]!;
      return pixels ? { rows, units, values, pixels } : { rows, units, values };
    }
    const values = new Float32Array(rows * units);
    let at = 0;
    for (const o of outputs) {
      values.set(o.values, at);
      at += o.values.length;
    }
    return { rows, units, values };
  }

  private queueOf(endpoint: string, model: RuntimeModel, settings: BatchSettings): BatchQueue {
    const key = queueKey(endpoint, model);
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new BatchQueue(key, endpoint, model, settings);
      this.queues.set(key, queue);
    }
    queue.settings = settings;
    queue.model = model;
    return queue;
  }

  /** Seconds until the queue's rows have likely run, from its latency model (at least 1). */
  private retryAfter(queue: BatchQueue): number {
    const batches = Math.ceil(queue.rows / queue.settings.maxBatchRows);
    const ms = (batches * queue.latency.predict(queue.settings.maxBatchRows)) / this.pool.size;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  /**
   * Asks the queue's policy what to do. Right after an enqueue the decision is deferred to the
   * end of this turn of the event loop (setImmediate), so every request read in the same turn
   * joins the batch instead of the first one running alone.
   */
  private schedule(queue: BatchQueue, deferred = false): void {
    if (deferred) {
      if (queue.timer) return;
      queue.timer = setImmediate(() => {
        queue.timer = null;
        this.schedule(queue);
      }) as unknown as NodeJS.Timeout;
      return;
    }
    for (;;) {
      const now = performance.now();
      const idle = this.pool.started && this.pool.idleWorker() !== null;
      const decision = queue.decide(now, idle);
      if (decision.kind === 'hold') return;
      if (decision.kind === 'wait') {
        if (queue.timer) return;
        queue.timer = setTimeout(
          () => {
            queue.timer = null;
            this.schedule(queue);
          },
          Math.max(0, decision.untilMs - now),
        );
        queue.timer.unref?.();
        return;
      }
      if (!idle && this.pool.leastBusy().busy >= PIPELINE_DEPTH) return;
      if (this.fitsInline(queue)) this.runInline(queue, decision.reason);
      else this.dispatch(queue, decision.reason);
    }
  }

  /** A worker finished: the queue whose oldest row has waited longest goes first. */
  private onWorkerFree(): void {
    const waiting = [...this.queues.values()]
      .filter((q) => q.rows > 0 && !q.timer)
      .sort((a, b) => a.oldest! - b.oldest!);
    for (const queue of waiting) {
      if (!this.pool.idleWorker()) break;
      this.schedule(queue);
    }
    if (this.running === 0 && [...this.queues.values()].every((q) => q.rows === 0)) {
      for (const done of this.drained.splice(0)) done();
    }
  }

  /**
   * Whether the queue's next batch runs on the event loop: nothing else is running, one call is
   * waiting, its version is a warm TensorFlow.js one whose batches of this size measured under
   * the lane's budget, and its PNG (if it is one) is no bigger than its pixels could need.
   */
  private fitsInline(queue: BatchQueue): boolean {
    const lane = this.inline;
    if (!lane || this.running > 0 || queue.model.format !== 'tfjs') return false;
    // One call waiting alone: with more, the server is busy and a worker runs them as one batch
    // while the event loop reads the next calls.
    if (queue.chunks.length !== 1) return false;
    if (queue.compute.samples < INLINE_AFTER_SAMPLES) return false;
    if (!this.models.isWarm(queue.model.key)) return false;
    const { rows, item } = queue.chunks[0]!;
    if (item.kind === 'png' && !pngFitsInline(item.bytes.length, item.prep)) return false;
    if (queue.compute.predict(rows) > lane.budgetMs) return false;
    return lane.has(queue.model);
  }

  /** Runs the queue's next batch on the event loop (the inline lane). */
  private runInline(queue: BatchQueue, reason: DispatchReason): void {
    const batch = this.take(queue);
    const rows = batch.reduce((n, c) => n + c.rows, 0);
    const started = performance.now();
    this.running++;
    void (async () => {
      try {
        const reply = await this.inline!.run(
          queue.model.key,
          batch.map((c) => c.item),
        );
        settle(batch, reply.items, reply.units);
      } finally {
        const ms = performance.now() - started;
        queue.latency.record(rows, ms);
        queue.compute.record(rows, ms);
        this.options.events.compute(queue.model, queue.endpoint, ms);
        this.options.events.batch(queue.model, queue.endpoint, rows, reason, ms, 'inline');
        this.running--;
        this.models.use(queue.model.key, -rows);
        this.onWorkerFree();
      }
    })();
  }

  /** Takes the queue's next batch, recording how long its rows waited. */
  private take(queue: BatchQueue): Chunk[] {
    const batch = queue.take();
    const now = performance.now();
    for (const c of batch)
      this.options.events.queueDelay(queue.model, queue.endpoint, now - c.enqueuedAt);
    this.options.events.queue(queue.model, queue.endpoint, queue.rows);
    return batch;
  }

  private dispatch(queue: BatchQueue, reason: DispatchReason): void {
    const worker = this.pool.idleWorker() ?? this.pool.leastBusy();
    const batch = this.take(queue);
    const rows = batch.reduce((n, c) => n + c.rows, 0);
    const started = performance.now();
    worker.busy++;
    this.running++;
    const { items, transfer } = itemsOf(batch);
    void (async () => {
      try {
        await this.models.ensureOn(queue.model.key, worker);
        const reply = await worker.call({ op: 'run', key: queue.model.key, items }, transfer);
        if (reply.computeMs !== undefined) {
          queue.compute.record(rows, reply.computeMs);
          this.options.events.compute(queue.model, queue.endpoint, reply.computeMs);
        }
        settle(batch, reply.items ?? [], reply.units ?? 0);
      } catch (error) {
        for (const chunk of batch) chunk.reject(error as Error);
      } finally {
        const ms = performance.now() - started;
        queue.latency.record(rows, ms);
        this.options.events.batch(queue.model, queue.endpoint, rows, reason, ms, 'worker');
        worker.busy = Math.max(0, worker.busy - 1);
        this.running--;
        this.models.use(queue.model.key, -rows);
        this.onWorkerFree();
      }
    })();
  }

  /** The latency model of an endpoint's queue (a·n+b, ms), for the metrics and the docs. */
  latencyOf(endpoint: string, model: RuntimeModel): { a: number; b: number; samples: number } {
    const queue = this.queues.get(queueKey(endpoint, model));
    return queue
      ? { ...queue.latency.coefficients, samples: queue.latency.samples }
      : { a: 0, b: 0, samples: 0 };
  }

  /** Stops taking calls and resolves once every queued row has run. */
  drain(): Promise<void> {
    this.draining = true;
    if (this.running === 0 && [...this.queues.values()].every((q) => q.rows === 0)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.drained.push(resolve));
  }

  async close(): Promise<void> {
    this.draining = true;
    for (const q of this.queues.values()) {
      if (q.timer) clearTimeout(q.timer);
      for (const c of q.take())
        c.reject(new WorkerCallError({ message: 'the server stopped', kind: 'worker_failed' }));
    }
    for (const key of this.inline?.keys ?? []) this.inline!.unload(key);
    if (this.pool.started) await this.pool.close();
  }

  /** A worker's error as the API error it answers. */
  private appError(error: unknown, model: RuntimeModel): Error {
    if (error instanceof AppError) return error;
    const e: WorkerError =
      error instanceof WorkerCallError
        ? error.error
        : error instanceof Error && !('mlCode' in error)
          ? { message: error.message, kind: 'run_failed' }
          : (error as WorkerError);
    const ref = `${model.label.model}@${model.label.version}`;
    if (e.mlCode) return appErrorOfMl(new MlError(e.mlCode as MlErrorCode, e.message));
    switch (e.kind) {
      case 'worker_failed':
        return servingErrors.workerFailed(e.message);
      case 'load_failed':
        return servingErrors.modelLoadFailed(ref, e.message);
      case 'unsupported':
        return servingErrors.modelUnsupported(ref, e.message);
      case 'onnx_unavailable':
        return servingErrors.onnxUnavailable(e.message);
      default:
        return servingErrors.inferenceFailed(ref, e.message);
    }
  }
}

let onnxPinned: Promise<void> | null = null;

/**
 * Loads onnxruntime-node's addon once on the main thread and keeps it, before a worker loads it.
 * Node shares one registration of an addon between the threads that have it open; when the last
 * of them exits, the library stays mapped (it cannot be unloaded) but its registration is gone, so
 * a thread loading it afterwards fails with "Module did not self-register". Without this, a
 * replaced worker (or a second runtime in the process) could not serve ONNX any more once every
 * worker that had loaded it was gone. Nothing runs on it here; a failure is the worker's to report.
 */
function pinOnnxRuntime(): Promise<void> {
  onnxPinned ??= import('onnxruntime-node').then(
    () => {},
    () => {},
  );
  return onnxPinned;
}

const PROBE: RuntimeModel = {
  key: 'probe',
  label: { model: '', version: 0 },
  dir: '',
  format: 'onnx',
  rowShape: [],
};

/** Each chunk of a batch settles with its result (or the reason it has none). */
function settle(batch: Chunk[], results: ItemResult[], units: number): void {
  batch.forEach((chunk, i) => {
    const result = results[i];
    if (!result) chunk.reject(new Error('the batch answered no result for this row'));
    else if (result.ok) chunk.resolve(result.values, units, result.pixels);
    else chunk.reject(result.error);
  });
}

const queueKey = (endpoint: string, model: RuntimeModel) => `${endpoint}\u0000${model.key}`;

/** A request's rows as chunks of at most `max` rows (a PNG is one row). */
function splitRows(
  input: RuntimeInput,
  rows: number,
  max: number,
): { rows: number; item: WorkerItem }[] {
  if (input.kind === 'png') return [{ rows: 1, item: input }];
  if (rows <= max) return [{ rows, item: input }];
  const size = input.data.length / rows;
  const parts: { rows: number; item: WorkerItem }[] = [];
  for (let start = 0; start < rows; start += max) {
    const n = Math.min(max, rows - start);
    parts.push({
      rows: n,
      item: { kind: 'tensor', rows: n, data: input.data.slice(start * size, (start + n) * size) },
    });
  }
  return parts;
}

/** The batch's items as sent: arrays that own their buffer are moved to the worker, not copied. */
function itemsOf(batch: Chunk[]): { items: WorkerItem[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const items = batch.map((chunk): WorkerItem => {
    const item = chunk.item;
    if (item.kind === 'png') {
      const bytes = new Uint8Array(item.bytes);
      transfer.push(bytes.buffer);
      return { ...item, bytes };
    }
    const owns = item.data.byteOffset === 0 && item.data.byteLength === item.data.buffer.byteLength;
    const data = owns ? item.data : item.data.slice();
    transfer.push(data.buffer as ArrayBuffer);
    return { ...item, data };
  });
  return { items, transfer };
}
