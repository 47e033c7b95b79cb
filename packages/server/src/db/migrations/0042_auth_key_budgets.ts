import type { Kysely } from 'kysely';

/**
 * A key's money budget per monthly period, in the minor units of the plan it calls: calls that
 * could take its spend past it are refused (402 metering.budget_exhausted). `budget_id` names
 * the budget: the key's own id, or for a rotated key or one a key made, the budget it shares,
 * so rotating or minting keys never buys a fresh budget. Usage events record the budget they
 * spent. Null: no budget (every key and event made before this).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('budget_minor', 'integer').execute();
  await db.schema.alterTable('api_keys').addColumn('budget_id', 'text').execute();
  await db.schema.alterTable('usage_events').addColumn('budget_id', 'text').execute();
}
