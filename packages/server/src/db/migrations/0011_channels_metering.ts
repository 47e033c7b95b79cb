import type { Kysely } from 'kysely';

/** Plans, products, subscriptions; CloudEvents fields on usage events; saved idempotent answers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const usage = [
    ['type', 'text', 'qudao.prediction'],
    ['source', 'text', ''],
    ['quantity', 'integer', 1],
    ['data_json', 'text', '{}'],
  ] as const;
  for (const [name, type, fallback] of usage) {
    await db.schema
      .alterTable('usage_events')
      .addColumn(name, type, (c) => c.notNull().defaultTo(fallback))
      .execute();
  }
  await db.schema.alterTable('usage_events').addColumn('product_id', 'text').execute();
  await db.schema.alterTable('usage_events').addColumn('idempotency_key', 'text').execute();
  await db.schema
    .createIndex('usage_events_product_time')
    .on('usage_events')
    .columns(['product_id', 'customer_id', 'occurred_at'])
    .execute();
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('usage_event_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['customer_id', 'key'])
    .execute();
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('monthly_fee_minor', 'integer', (c) => c.notNull())
    .addColumn('included_units', 'integer', (c) => c.notNull())
    .addColumn('tier_mode', 'text', (c) => c.notNull())
    .addColumn('tiers_json', 'text', (c) => c.notNull())
    .addColumn('quota_units', 'integer')
    .addColumn('overage_price_minor', 'integer')
    .addColumn('rate_per_second', 'real', (c) => c.notNull())
    .addColumn('burst', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().unique())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('subscriptions_customer_product', ['customer_id', 'product_id'])
    .execute();
}
