import type { Kysely } from 'kysely';

/**
 * Each endpoint's batching: most rows a batch, longest wait for a batch while a worker is free,
 * most rows queued. Null: the server's default (QUDAO_BATCH_MAX_ROWS, QUDAO_BATCH_MAX_DELAY_MS,
 * QUDAO_QUEUE_MAX_ROWS), which is what endpoints made before this get.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['batch_max_rows', 'batch_max_delay_ms', 'queue_max_rows']) {
    await db.schema.alterTable('endpoints').addColumn(column, 'integer').execute();
  }
}
