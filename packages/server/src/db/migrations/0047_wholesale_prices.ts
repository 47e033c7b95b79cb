import type { Kysely } from 'kysely';

/**
 * Wholesale (issue #14): the owner's cost floor per product, the wholesale price list per tier
 * (never under cost, with a minimum retail margin) and each reseller's retail plans. Every
 * entry is effective from the end of the last closed period, so a closed period keeps its
 * prices.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('product_costs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('cost_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('wholesale_prices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('price_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('min_margin_bps', 'integer', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('retail_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('monthly_fee_minor', 'integer', (c) => c.notNull())
    .addColumn('included_units', 'integer', (c) => c.notNull())
    .addColumn('tier_mode', 'text', (c) => c.notNull())
    .addColumn('tiers_json', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
