import type { Kysely } from 'kysely';

/**
 * Plans priced per token (issue #13): integer minor units per 1,000 input (prompt) tokens and
 * per 1,000 output (completion) tokens of a language-model call. Null: the plan does not price
 * tokens (every plan made before this).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['input_price_per_1k_minor', 'output_price_per_1k_minor']) {
    await db.schema.alterTable('plans').addColumn(column, 'integer').execute();
  }
}
