import type { Kysely } from 'kysely';

/**
 * Roles and tenants: access tokens for staff (admin, analyst) and partners; the partner and
 * customer attributes the channel reports group by; expiry and product scope of API keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .alterTable('partners')
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('reseller'))
    .execute();
  await db.schema
    .alterTable('partners')
    .addColumn('regions_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('partners')
    .addColumn('industries_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  for (const column of ['region', 'industry', 'size', 'since'] as const) {
    await db.schema.alterTable('customers').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('api_keys').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('products_json', 'text').execute();
  await db.schema.alterTable('api_keys').addColumn('name', 'text').execute();
}
