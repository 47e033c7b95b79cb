import type { Kysely } from 'kysely';

/** Inquiries with their triage, intelligence refreshes and the outputs of their models. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('partner_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('confidence', 'double precision')
    .addColumn('model_version_id', 'text')
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('routed_partner_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('final_category', 'text')
    .addColumn('corrected_by', 'text')
    .addColumn('corrected_at', 'text')
    .execute();
  await db.schema
    .createIndex('inquiries_received')
    .on('inquiries')
    .columns(['received_at', 'id'])
    .execute();
  await db.schema.createIndex('inquiries_partner').on('inquiries').column('partner_id').execute();
  await db.schema
    .createTable('intelligence_refreshes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('intelligence_outputs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('refresh_id', 'text', (c) => c.notNull().references('intelligence_refreshes.id'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('model_version_id', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('partner_id', 'text')
    .addColumn('score', 'double precision')
    .addColumn('label', 'text')
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intelligence_outputs_model')
    .on('intelligence_outputs')
    .columns(['refresh_id', 'model', 'partner_id'])
    .execute();
}
