import type { Kysely } from 'kysely';

/**
 * The partner programme's channel data (issue #14): each partner's business model (referral:
 * Qudao invoices its customers and pays a commission; wholesale: the partner buys at the tier's
 * wholesale price and invoices its customers itself) and currency, the history of its tiers (a
 * closed period is recomputed with the tier in force then), the event log every programme state
 * change is written to, referral codes, touches and attributions, and the versioned terms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('partners')
    .addColumn('model', 'text', (c) => c.notNull().defaultTo('referral'))
    .execute();
  await db.schema
    .alterTable('partners')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .execute();
  // Set when a direct customer is attributed to a partner later (a key made through a code).
  await db.schema.alterTable('customers').addColumn('attributed_at', 'text').execute();
  await db.schema
    .createTable('partner_tier_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_tier_history_partner')
    .on('partner_tier_history')
    .columns(['partner_id', 'at'])
    .execute();
  await db.schema
    .createTable('partner_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_events_subject')
    .on('partner_events')
    .columns(['subject_id', 'at'])
    .execute();
  await db.schema
    .createIndex('partner_events_partner')
    .on('partner_events')
    .columns(['partner_id', 'at'])
    .execute();
  await db.schema
    .createTable('referral_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('referral_touches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('visitor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_touches_visitor')
    .on('referral_touches')
    .columns(['visitor', 'at'])
    .execute();
  await db.schema
    .createTable('referral_attributions')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('touch_id', 'text')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('channel_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('programme_terms')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('terms_acceptances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}
