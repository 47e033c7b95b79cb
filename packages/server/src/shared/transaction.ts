import type { AppContext } from '../context.ts';

/**
 * Runs `fn` in one database transaction with a context whose `db` (and closed-period
 * directory) is the transaction: everything it writes is written together or not at all
 * ("nothing half-written"). SQLite has one connection, so `fn` must use only `tx`, never the
 * outer context, or it waits for itself.
 */
export async function inTransaction<T>(
  ctx: AppContext,
  fn: (tx: AppContext) => Promise<T>,
): Promise<T> {
  return ctx.db
    .transaction()
    .execute((trx) => fn({ ...ctx, db: trx, periods: ctx.periods.bind(trx) }));
}
