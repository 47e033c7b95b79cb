import type { Db } from '../db/database.ts';

/** A closed billing period: its invoices and commission statements never change. */
export interface ClosedPeriodRef {
  id: string;
  start: string;
  end: string;
}

/**
 * Closed billing periods as the domains below billing see them: deals, plans and feedback
 * refuse dates that would change a closed period (a won deal's bounty, a subscription's fee).
 * The `billing_periods` table is billing's, and billing sits above those domains, so billing
 * hands this directory to the context at start (`ctx.periods`) instead of them importing it.
 */
export interface ClosedPeriods {
  /** The closed period that contains `at` (start ≤ at < end), or null. */
  containing(at: string): Promise<ClosedPeriodRef | null>;
  /** The closed period that ends last, or null when none is closed. */
  latest(): Promise<ClosedPeriodRef | null>;
  /** The same directory reading through `db` (a transaction: SQLite has one connection). */
  bind(db: Db): ClosedPeriods;
}
