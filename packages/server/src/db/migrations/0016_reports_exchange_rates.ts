import type { Kysely } from 'kysely';

/** Exchange rates the owner sets; reports convert money between currencies only with these. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exchange_rates')
    .addColumn('from_currency', 'text', (c) => c.notNull())
    .addColumn('to_currency', 'text', (c) => c.notNull())
    .addColumn('rate', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_rates_pair', ['from_currency', 'to_currency'])
    .execute();
}
