import type { Kysely } from 'kysely';

/**
 * A plan caps the live API keys of each customer on it (`max_keys`): keys are free to mint, so
 * without a cap a customer could multiply whatever a key is limited to (issue #11). Plans made
 * before this get the default, 10.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('plans')
    .addColumn('max_keys', 'integer', (c) => c.notNull().defaultTo(10))
    .execute();
}
