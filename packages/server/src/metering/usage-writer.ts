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

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 256,
  ) {}

  write(event: UsageEventTable, saved: IdempotencyKeyTable | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, saved, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.maxBatch);
    this.scheduled = this.pending.length > 0;
    if (this.scheduled) setImmediate(() => void this.flush());
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
