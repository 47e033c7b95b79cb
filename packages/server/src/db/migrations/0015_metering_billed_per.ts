import type { Kysely } from 'kysely';

/**
 * A plan says what a unit counts: each input row of a call (`row`, the default: a 3-row call
 * is 3 units) or the call as a whole (`call`). Plans made before this billed one unit per call,
 * which is what `call` keeps for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('plans')
    .addColumn('billed_per', 'text', (c) => c.notNull().defaultTo('call'))
    .execute();
}
