import type { Db } from '../db/database.ts';
import type { ClosedPeriodRef, ClosedPeriods } from '../shared/closed-periods.ts';
import * as store from './billing.store.ts';

/** Billing's closed periods for the domains below it (`ctx.periods`, shared/closed-periods.ts). */
export function closedPeriodDirectory(db: Db): ClosedPeriods {
  const ref = (
    row: { id: string; start: string; end: string } | undefined,
  ): ClosedPeriodRef | null => (row ? { id: row.id, start: row.start, end: row.end } : null);
  return {
    containing: async (at) => ref(await store.periodContaining(db, new Date(at).toISOString())),
    latest: async () => ref(await store.latestPeriod(db)),
    bind: (other) => closedPeriodDirectory(other),
  };
}
