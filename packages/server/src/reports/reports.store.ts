import type { Db } from '../db/database.ts';
import type { ExchangeRateTable } from '../db/schema.ts';

export async function listRates(db: Db) {
  return db
    .selectFrom('exchange_rates')
    .selectAll()
    .orderBy('from_currency')
    .orderBy('to_currency')
    .execute();
}

/** Sets the rate of a pair, replacing the previous one. */
export async function upsertRate(db: Db, row: ExchangeRateTable) {
  await db
    .insertInto('exchange_rates')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['from_currency', 'to_currency'])
        .doUpdateSet({ rate: row.rate, updated_at: row.updated_at }),
    )
    .execute();
}

/** Removes a pair's rate; the number of rows removed (0 or 1). */
export async function deleteRate(db: Db, from: string, to: string): Promise<number> {
  const result = await db
    .deleteFrom('exchange_rates')
    .where('from_currency', '=', from)
    .where('to_currency', '=', to)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
