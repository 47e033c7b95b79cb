import type { Kysely } from 'kysely';

/**
 * A language-model call's usage event carries its input and output tokens, and what they cost
 * at the plan's token prices in thousandths of a minor unit (exact: prices are per 1,000
 * tokens, so a budget sums these without rounding). Null on every other event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['input_tokens', 'output_tokens', 'cost_milli_minor']) {
    await db.schema.alterTable('usage_events').addColumn(column, 'integer').execute();
  }
}
