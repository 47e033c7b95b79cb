import { compiledInsert, everyColumn } from '../db/compiled-insert.ts';
import { type Db, noteWrite } from '../db/database.ts';
import type { PredictionLogTable } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';

/**
 * What monitoring keeps in memory, one per context (`ctx.monitoring`): the prediction-log writer,
 * the shadow calls in flight, and the hooks that higher domains attach at start (the upgrade
 * loop watches canaries after each flush and checks its schedules on each tick), so monitoring
 * never imports them.
 */
export interface MonitoringState {
  log: PredictionLogWriter;
  /** Background work (shadow calls) to finish before closing. */
  track(work: Promise<unknown>): void;
  /** Shadow calls running now, and how many were skipped because too many were. */
  shadows: { running: number; skipped: number };
  on<E extends keyof MonitoringEvents>(event: E, listener: MonitoringEvents[E]): () => void;
  emit<E extends keyof MonitoringEvents>(
    event: E,
    ...args: Parameters<MonitoringEvents[E]>
  ): Promise<void>;
  close(): Promise<void>;
}

export interface MonitoringEvents {
  /** Rows were written to the prediction log; `forced` when a caller waits for the result. */
  flushed: (info: { forced: boolean }) => Promise<void> | void;
  /** An alert was recorded. */
  alert: (alert: { id: string; kind: string; endpoint: string | null }) => Promise<void> | void;
  /** Once a minute: roll-ups, retention, drift checks, retraining schedules. */
  tick: (now: Date) => Promise<void> | void;
}

type Listener = (...args: never[]) => Promise<void> | void;

/** A listener's failure is reported, never thrown into the request or the timer that ran it. */
function report(error: unknown) {
  process.emitWarning(`monitoring: ${(error as Error)?.stack ?? String(error)}`);
}

/**
 * Writes prediction-log rows in batches, off the request path: a call only queues a closure
 * (its row is built, images decoded, at flush time), and the batch is written a few
 * milliseconds later in one transaction. The log is sampled and best-effort: a failed write
 * is reported and dropped, never failing a call (usage events, which bill, are metering's).
 */
export class PredictionLogWriter {
  private pending: (() => PredictionLogTable | null)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly afterWrite: (forced: boolean) => Promise<void>,
    private readonly delayMs = FLUSH_DELAY_MS,
    private readonly maxQueue = 50_000,
  ) {}

  /** Queues one row; dropped (and counted) when the queue is full. */
  add(build: () => PredictionLogTable | null): void {
    if (this.pending.length >= this.maxQueue) {
      this.dropped++;
      return;
    }
    this.pending.push(build);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(false), this.delayMs);
      this.timer.unref();
    }
  }

  /** Rows dropped because the queue was full. */
  dropped = 0;

  /**
   * Writes what is queued, then runs the hooks that watch the log and waits for them. Writes
   * are chained one after another; the hooks are not part of the chain, so a hook that reads
   * the log (and flushes it first) waits only for the writes, never for itself.
   *
   * The rows are built and written CHUNK_ROWS at a time, each chunk one compiled insert, with a
   * turn of the event loop between chunks: a flush at full rate is 50 to 130 rows, and written
   * as one statement through the query builder it held the event loop 2.5 to 4 ms, the largest
   * stall a call met at concurrency 1 (docs/serving.md, per-call path).
   */
  flush(forced = true): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    const written = this.writing.then(async () => {
      let count = 0;
      for (let start = 0; start < batch.length; start += CHUNK_ROWS) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        const rows: PredictionLogTable[] = [];
        for (const build of batch.slice(start, start + CHUNK_ROWS)) {
          try {
            const row = build();
            if (row) rows.push(row);
          } catch (error) {
            report(error);
          }
        }
        if (rows.length === 0) continue;
        try {
          await this.db.executeQuery(compiledInsert(this.db, 'prediction_log', LOG_COLUMNS, rows));
          noteWrite(this.db);
          count += rows.length;
        } catch (error) {
          report(error);
        }
      }
      return count;
    });
    this.writing = written.then(() => undefined);
    return written.then(async (count) => {
      if (count > 0 || forced) await this.afterWrite(forced);
    });
  }
}

/** Prediction-log rows a flush writes in one statement before it lets requests run. */
const CHUNK_ROWS = 16;

/**
 * How long a queued row waits for its flush. A queued row keeps its call's objects alive (the
 * answer, the decoded pixels), and every young-generation collection copies what is alive: at
 * concurrency 1, with 50 ms, 310 KB survived each and the pause was 2.06 ms; with 10 ms, 183 KB
 * and 1.58 ms. At full rate the statements are as many either way (16 rows each); a quiet
 * endpoint's rows are written one flush each, sooner.
 */
const FLUSH_DELAY_MS = 10;

/** The prediction log's columns, in the order the compiled insert binds them. */
const LOG_COLUMNS = everyColumn<PredictionLogTable>()([
  'id',
  'endpoint_id',
  'endpoint',
  'model_version_id',
  'model',
  'version',
  'arm',
  'shadow_of',
  'caller',
  'customer_id',
  'partner_id',
  'at',
  'day',
  'latency_ms',
  'status',
  'error_code',
  'rows',
  'input_kind',
  'input',
  'output_json',
  'agrees',
]);

export function createMonitoringState(
  db: Db,
  clock: Clock,
  options: { tickMs?: number } = {},
): MonitoringState {
  const listeners = new Map<string, Set<Listener>>();
  const work = new Set<Promise<unknown>>();
  const emit = async (event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        await (listener as (...a: unknown[]) => Promise<void> | void)(...args);
      } catch (error) {
        report(error);
      }
    }
  };
  const log = new PredictionLogWriter(db, (forced) => emit('flushed', { forced }));
  let closed = false;
  const ticker = setInterval(() => {
    if (!closed) void emit('tick', clock.now());
  }, options.tickMs ?? 60_000);
  ticker.unref();
  return {
    log,
    shadows: { running: 0, skipped: 0 },
    track(promise) {
      work.add(promise);
      void promise.finally(() => work.delete(promise));
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
    emit: emit as MonitoringState['emit'],
    async close() {
      closed = true;
      clearInterval(ticker);
      await Promise.allSettled([...work]);
      await log.flush(false);
      listeners.clear();
    },
  };
}
