import type { Db } from '../db/database.ts';
import { sumUnits } from './metering.store.ts';

interface Counter {
  used: number;
  reserved: number;
}

/**
 * Units used per customer, product and monthly period, counted in memory and seeded once from
 * the usage events; a call reserves its unit before it runs, so concurrent calls cannot overrun
 * the quota, and releases or commits it after. One serving process per workspace keeps these
 * exact (several processes would count in a shared store instead).
 */
export class QuotaCounters {
  private readonly counters = new Map<string, Promise<Counter>>();

  private counter(
    db: Db,
    customerId: string,
    productId: string,
    period: { start: string; end: string },
  ) {
    const key = `${customerId}|${productId}|${period.start}`;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = sumUnits(db, { customerId, productId, ...period }).then((used) => ({
        used,
        reserved: 0,
      }));
      this.counters.set(key, counter);
    }
    return counter;
  }

  /** Reserves `units` if they fit under `quota`; returns the units left after it, or null. */
  async reserve(
    db: Db,
    scope: { customerId: string; productId: string; period: { start: string; end: string } },
    units: number,
    quota: number | null,
  ): Promise<{ used: number; left: number | null } | null> {
    const c = await this.counter(db, scope.customerId, scope.productId, scope.period);
    if (quota !== null && c.used + c.reserved + units > quota) return null;
    c.reserved += units;
    return { used: c.used + c.reserved, left: quota === null ? null : quota - c.used - c.reserved };
  }

  async settle(
    db: Db,
    scope: { customerId: string; productId: string; period: { start: string; end: string } },
    units: number,
    committed: boolean,
  ): Promise<void> {
    const c = await this.counter(db, scope.customerId, scope.productId, scope.period);
    c.reserved -= units;
    if (committed) c.used += units;
  }
}
