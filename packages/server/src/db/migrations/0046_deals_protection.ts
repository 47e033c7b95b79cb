import type { Kysely } from 'kysely';

/**
 * Deal registration protection (issue #14): an approved registration is protected for its
 * tier's window from approval; extensions are requested and decided, the owner may override
 * with a reason; reminders and expiry are recorded once each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'approved_at',
    'protected_until',
    'extension_reason',
    'extension_status',
    'override_reason',
    'reminded_at',
    'expiry_noted_at',
  ]) {
    await db.schema.alterTable('deals').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('deals').addColumn('extension_days', 'integer').execute();
  await db.schema
    .createTable('deal_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
