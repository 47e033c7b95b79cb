import type { Db } from '../db/database.ts';
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
    private readonly delayMs = 50,
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
   */
  flush(forced = true): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    const written = this.writing.then(async () => {
      const rows: PredictionLogTable[] = [];
      for (const build of batch) {
        try {
          const row = build();
          if (row) rows.push(row);
        } catch (error) {
          report(error);
        }
      }
      try {
        for (let i = 0; i < rows.length; i += 500) {
          const chunk = rows.slice(i, i + 500);
          await this.db
            .transaction()
            .execute((tx) => tx.insertInto('prediction_log').values(chunk).execute());
        }
      } catch (error) {
        report(error);
      }
      return rows.length;
    });
    this.writing = written.then(() => undefined);
    return written.then(async (count) => {
      if (count > 0 || forced) await this.afterWrite(forced);
    });
  }
}

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
