import type { Kysely } from 'kysely';

/**
 * Upstream providers (issue #13): OpenAI-compatible services the owner resells. A provider has
 * a base URL, a secret sealed with the workspace's provider key (never stored in clear) and a
 * model map; each entry routes one upstream model (the name Qudao sells, which products sell
 * like an endpoint) to the provider's own model name, with what it costs the owner per 1,000
 * tokens and its place in the fallback order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('secret_hint', 'text')
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('upstream_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('provider_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('providers.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('upstream_models.id'))
    .addColumn('upstream_model', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('input_cost_per_1k_minor', 'integer', (c) => c.notNull())
    .addColumn('output_cost_per_1k_minor', 'integer', (c) => c.notNull())
    .addUniqueConstraint('provider_models_provider_model', ['provider_id', 'model_id'])
    .execute();
  await db.schema
    .createIndex('provider_models_model')
    .on('provider_models')
    .columns(['model_id', 'priority'])
    .execute();
}
