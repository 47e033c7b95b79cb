import type { Db } from '../db/database.ts';
import { sumBudgetCost } from './metering.store.ts';

interface Spend {
  spent: number;
  reserved: number;
}

export interface BudgetScope {
  budgetId: string;
  period: { start: string; end: string };
}

/**
 * Money spent per key budget (a key and the keys rotated from or made by it) and monthly period, in thousandths of a minor unit (token prices are
 * per 1,000 tokens, so sums stay exact integers), counted in memory and seeded once from the
 * usage events. A call reserves its worst case (prompt + max_tokens at the plan's prices)
 * before a token is made, in the same turn of the event loop as the check, so concurrent calls
 * cannot pass the budget together; it settles to what it used, or releases all on failure.
 * One serving process per workspace keeps this exact (as the quota counters).
 */
export class BudgetCounters {
  private readonly spends = new Map<string, Promise<Spend>>();

  private spend(db: Db, scope: BudgetScope): Promise<Spend> {
    const key = `${scope.budgetId}|${scope.period.start}`;
    let spend = this.spends.get(key);
    if (!spend) {
      spend = sumBudgetCost(db, { budgetId: scope.budgetId, ...scope.period }).then((spent) => ({
        spent,
        reserved: 0,
      }));
      this.spends.set(key, spend);
    }
    return spend;
  }

  /** Reserves `milli` if spent + reserved + milli stays within `budgetMilli`; false if not. */
  async reserve(db: Db, scope: BudgetScope, milli: number, budgetMilli: number): Promise<boolean> {
    const s = await this.spend(db, scope);
    if (s.spent + s.reserved + milli > budgetMilli) return false;
    s.reserved += milli;
    return true;
  }

  /** Gives back a reservation of `reservedMilli`, counting `usedMilli` as spent. */
  async settle(db: Db, scope: BudgetScope, reservedMilli: number, usedMilli: number) {
    const s = await this.spend(db, scope);
    s.reserved -= reservedMilli;
    s.spent += usedMilli;
  }

  /** Spent and reserved so far (for headers and tests). */
  async state(db: Db, scope: BudgetScope): Promise<Spend> {
    return { ...(await this.spend(db, scope)) };
  }
}
