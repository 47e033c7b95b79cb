import type { Db } from '../db/database.ts';
import type { IdempotencyKeyTable, UsageEventTable } from '../db/schema.ts';
import { insertCall } from './metering.store.ts';

interface Pending {
  event: UsageEventTable;
  saved: IdempotencyKeyTable | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the usage events of calls that finish in the same turn of the event loop are
 * written in one transaction, and each call's promise settles only after that commit, so every
 * answer still waits for its own durable event. If the batch fails (e.g. a concurrent retry's
 * Idempotency-Key committed first), each call is written alone and settles on its own result.
 */
export class UsageWriter {
  private pending: Pending[] = [];
  private scheduled = false;
  private soonScheduled = false;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 256,
  ) {}

  /**
   * `soon`: commit in this turn of the event loop (a microtask), not the next. For calls that
   * finish inside a long turn of their own, such as a language model's decode step: waiting for
   * the next turn would make each answer wait for everything the poll phase brings in.
   */
  write(
    event: UsageEventTable,
    saved: IdempotencyKeyTable | null,
    options: { soon?: boolean } = {},
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, saved, resolve, reject });
      if (options.soon) {
        if (!this.soonScheduled) {
          this.soonScheduled = true;
          queueMicrotask(() => {
            this.soonScheduled = false;
            void this.flush();
          });
        }
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    if (this.pending.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
    if (batch.length === 1) return settle(batch[0]!, insertCall(this.db, [batch[0]!]));
    try {
      await insertCall(this.db, batch);
      for (const item of batch) item.resolve();
    } catch {
      for (const item of batch) await settle(item, insertCall(this.db, [item]));
    }
  }
}

async function settle(item: Pending, write: Promise<void>): Promise<void> {
  try {
    await write;
    item.resolve();
  } catch (error) {
    item.reject(error);
  }
}
