import type { Kysely } from 'kysely';

/**
 * Serving traffic: an endpoint may route by a registry alias of a model instead of pinning a
 * version; a canary (a share of the callers, sticky per caller) and a shadow (answers logged,
 * never returned), each a pinned version or an alias; and the endpoint's history of who changed
 * its traffic and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('endpoints').addColumn('model_name', 'text').execute();
  await db.schema.alterTable('endpoints').addColumn('alias', 'text').execute();
  for (const arm of ['canary', 'shadow']) {
    await db.schema.alterTable('endpoints').addColumn(`${arm}_model`, 'text').execute();
    await db.schema.alterTable('endpoints').addColumn(`${arm}_version_id`, 'text').execute();
    await db.schema.alterTable('endpoints').addColumn(`${arm}_alias`, 'text').execute();
    await db.schema.alterTable('endpoints').addColumn(`${arm}_percent`, 'real').execute();
    await db.schema.alterTable('endpoints').addColumn(`${arm}_since`, 'text').execute();
  }
  await db.schema
    .createTable('endpoint_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('endpoint_events_endpoint')
    .on('endpoint_events')
    .columns(['endpoint_id', 'at'])
    .execute();
}
