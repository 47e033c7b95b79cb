import { Worker } from 'node:worker_threads';
import { compiledInsert, everyColumn } from '../db/compiled-insert.ts';
import { type Db, noteWrite, predictionLogFileOf } from '../db/database.ts';
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
 * milliseconds later. The log is sampled and best-effort: a failed write is reported and
 * dropped, never failing a call (usage events, which bill, are metering's).
 *
 * The rows go to the log's own file through a thread of its own (LogThread): the event loop
 * only builds them. Written on the event loop instead, each flush held it 0.2–0.3 ms (1.4 ms at
 * p99, the file system's stalls), and at concurrency 1 bench:serve's p99 was 1.5 ms with the log
 * and 1.15 without; through the thread, 1.24 (docs/serving.md). A database not opened by
 * openSqlite, or a thread that died, has its rows written on the event loop as before.
 */
export class PredictionLogWriter {
  private pending: (() => PredictionLogTable | null)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private thread: LogThread | null = null;
  private threadFailed = false;

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
   * The rows are built CHUNK_ROWS at a time with a turn of the event loop between chunks (a
   * flush at full rate is 50 to 130 rows), and each chunk is written as it is built.
   */
  flush(forced = true): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    const written = this.writing.then(async () => {
      const writes: Promise<number>[] = [];
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
        if (rows.length > 0) writes.push(this.write(rows));
      }
      let count = 0;
      for (const write of writes) count += await write;
      return count;
    });
    this.writing = written.then(() => undefined);
    return written.then(async (count) => {
      if (count > 0 || forced) await this.afterWrite(forced);
    });
  }

  /** Whether the rows go through the log's thread (not the event loop). */
  get threaded(): boolean {
    return this.thread !== null;
  }

  /** Ends the writer's thread once what is queued is written. */
  async close(): Promise<void> {
    await this.flush(false);
    await this.thread?.close();
    this.thread = null;
  }

  /** Writes one chunk; resolves to the rows written (0 when the write failed, reported). */
  private async write(rows: PredictionLogTable[]): Promise<number> {
    const thread = this.threadOf();
    if (thread) {
      try {
        return await thread.write(rows.map((row) => LOG_COLUMNS.map((c) => row[c] ?? null)));
      } catch (error) {
        if (!(error instanceof ThreadGone)) {
          report(error);
          return 0;
        }
        this.threadFailed = true;
        this.thread = null;
        report(error);
      }
    }
    try {
      await this.db.executeQuery(compiledInsert(this.db, 'prediction_log', LOG_COLUMNS, rows));
      noteWrite(this.db);
      return rows.length;
    } catch (error) {
      report(error);
      return 0;
    }
  }

  private threadOf(): LogThread | null {
    if (this.thread || this.threadFailed) return this.thread;
    const file = predictionLogFileOf(this.db);
    if (!file) return null;
    this.thread = new LogThread(file);
    return this.thread;
  }
}

const THREAD_ENTRY = new URL('./prediction-log-thread.mjs', import.meta.url);

/** The thread stopped (crashed or was ended) before it answered. */
class ThreadGone extends Error {}

/**
 * The prediction log's writer thread (prediction-log-thread.mjs): each write is one message and
 * one transaction there, answered once committed. The thread keeps the process alive only while
 * a write is in flight, so a command that logged a prediction still exits when it is done.
 */
class LogThread {
  readonly #worker: Worker;
  readonly #waits = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  #next = 0;
  #gone: Error | null = null;
  readonly #exited: Promise<void>;

  constructor(file: string) {
    this.#worker = new Worker(THREAD_ENTRY, {
      workerData: { file, columns: LOG_COLUMNS },
      execArgv: [],
    });
    this.#worker.unref();
    this.#worker.on('message', (message: { id: number; written?: number; error?: string }) => {
      const wait = this.#waits.get(message.id);
      if (!wait) return;
      this.#waits.delete(message.id);
      if (this.#waits.size === 0) this.#worker.unref();
      if (message.error !== undefined) wait.reject(new Error(`prediction log: ${message.error}`));
      else wait.resolve(message.written ?? 0);
    });
    const fail = (error: Error) => {
      this.#gone ??= new ThreadGone(`prediction log thread stopped: ${error.message}`);
      for (const wait of this.#waits.values()) wait.reject(this.#gone);
      this.#waits.clear();
    };
    this.#worker.on('error', fail);
    this.#exited = new Promise((resolve) => {
      this.#worker.on('exit', (code) => {
        fail(new Error(`exit code ${code}`));
        resolve();
      });
    });
  }

  write(rows: unknown[][]): Promise<number> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = ++this.#next;
    if (this.#waits.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#waits.set(id, { resolve, reject });
      this.#worker.postMessage({ id, rows });
    });
  }

  async close(): Promise<void> {
    if (!this.#gone) this.#worker.postMessage('close');
    await this.#exited;
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
      await log.close();
      listeners.clear();
    },
  };
}
