import type { Kysely } from 'kysely';

/** Data: cleaning reports on versions, and the labeling queue (items and people's answers). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dataset_versions').addColumn('report_json', 'text').execute();
  await db.schema
    .createTable('labeling_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_version_id', 'text', (c) => c.notNull().references('dataset_versions.id'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('labeling_items_version_row', ['dataset_version_id', 'row'])
    .execute();
  await db.schema
    .createTable('label_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('labeling_items.id'))
    .addColumn('labeler', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('label_answers_item_labeler', ['item_id', 'labeler'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('label_answers').execute();
  await db.schema.dropTable('labeling_items').execute();
  await db.schema.alterTable('dataset_versions').dropColumn('report_json').execute();
}
