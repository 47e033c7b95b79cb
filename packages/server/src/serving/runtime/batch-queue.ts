import { ArrivalRate, LatencyModel } from './latency-model.ts';
import type {
  BatchSettings,
  DispatchReason,
  RuntimeModel,
  WorkerError,
  WorkerItem,
} from './runtime.types.ts';

/** Part of one request: at most `maxBatchRows` of its rows (a PNG is one row). */
export interface Chunk {
  rows: number;
  item: WorkerItem;
  enqueuedAt: number;
  resolve(values: Float32Array, units: number, pixels?: Uint8Array): void;
  reject(error: WorkerError | Error): void;
}

/** What the batcher does next with a queue. */
export type Decision =
  | { kind: 'dispatch'; reason: DispatchReason }
  | { kind: 'wait'; untilMs: number }
  | { kind: 'hold' };

/**
 * The rows waiting for one endpoint's version, with the latency model of its recent batches and
 * the rate rows arrive at. `decide` is the batching policy (a pure function of the queue, the
 * clock and whether a worker is free), kept apart from the timers so it is tested directly.
 */
export class BatchQueue {
  readonly chunks: Chunk[] = [];
  rows = 0;
  readonly latency = new LatencyModel();
  /** The compute alone of its batches (on the thread that ran them), for the inline lane. */
  readonly compute = new LatencyModel();
  readonly arrivals = new ArrivalRate();
  /** When the current wait ends (ms, performance.now), or null when not waiting. */
  waitUntil: number | null = null;
  timer: NodeJS.Timeout | null = null;

  constructor(
    readonly key: string,
    readonly endpoint: string,
    public model: RuntimeModel,
    public settings: BatchSettings,
  ) {}

  push(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.rows += chunk.rows;
    this.arrivals.record(chunk.enqueuedAt, chunk.rows);
  }

  get oldest(): number | null {
    return this.chunks[0]?.enqueuedAt ?? null;
  }

  /**
   * The policy. A full batch goes at once. With every worker busy, rows wait (a worker that frees
   * asks again): the batch grows while the others run, and a busy queue never sends small batches
   * because a timer fired. With a worker free, waiting pays only if more rows are expected
   * before a batch's fixed cost `b` (of the latency model a·n+b) is spent: with fewer than one
   * row expected in that time the rows go now (`idle`); else they wait up to `b`, never past
   * the endpoint's max queue delay (`deadline`).
   */
  decide(now: number, workerFree: boolean): Decision {
    if (this.rows === 0) return { kind: 'hold' };
    if (this.rows >= this.settings.maxBatchRows) return { kind: 'dispatch', reason: 'full' };
    if (!workerFree) return { kind: 'hold' };
    const deadline = this.oldest! + this.settings.maxDelayMs;
    if (now >= deadline) return { kind: 'dispatch', reason: 'deadline' };
    if (this.waitUntil !== null) {
      return now >= this.waitUntil
        ? { kind: 'dispatch', reason: 'deadline' }
        : { kind: 'wait', untilMs: this.waitUntil };
    }
    const rate = this.arrivals.perMs(now);
    const window = Math.min(this.latency.coefficients.b, deadline - now);
    if (rate * window < 1) return { kind: 'dispatch', reason: 'idle' };
    const untilFull = (this.settings.maxBatchRows - this.rows) / rate;
    // The end of the wait is fixed once: asking again does not push it further away.
    this.waitUntil = now + Math.min(window, untilFull);
    return { kind: 'wait', untilMs: this.waitUntil };
  }

  /** Takes the next batch: oldest chunks first, up to `maxBatchRows` rows, never more. */
  take(): Chunk[] {
    const batch: Chunk[] = [];
    let rows = 0;
    while (this.chunks.length > 0) {
      const next = this.chunks[0]!;
      if (batch.length > 0 && rows + next.rows > this.settings.maxBatchRows) break;
      batch.push(this.chunks.shift()!);
      rows += next.rows;
    }
    this.rows -= rows;
    this.waitUntil = null;
    return batch;
  }
}
