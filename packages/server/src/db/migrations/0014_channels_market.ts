import type { Kysely } from 'kysely';

/** Market research: target cells (region × industry with estimated demand) and the strategy. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('market_cells')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('demand_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('market_cells_region_industry', ['region', 'industry'])
    .execute();
  await db.schema
    .createTable('channel_strategy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('targets_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
