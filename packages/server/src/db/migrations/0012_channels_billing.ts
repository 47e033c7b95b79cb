import type { Kysely } from 'kysely';

/** Commission rules, deals, feedback, closed billing periods with their invoices and statements. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commission_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tier', 'text')
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('first_year_bps', 'integer', (c) => c.notNull())
    .addColumn('renewal_bps', 'integer', (c) => c.notNull())
    .addColumn('bounty_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('company', 'text', (c) => c.notNull())
    .addColumn('company_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('registration', 'text', (c) => c.notNull())
    .addColumn('value_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('conflict_deal_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('qualified_at', 'text')
    .addColumn('proposal_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('deals_company').on('deals').columns(['company_key']).execute();
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('partner_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('text', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema
    .createTable('billing_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('events_hash', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .execute();
  for (const table of ['invoices', 'commission_statements'] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('period_id', 'text', (c) => c.notNull().references('billing_periods.id'));
    builder =
      table === 'invoices'
        ? builder
            .addColumn('customer_id', 'text', (c) => c.notNull())
            .addColumn('partner_id', 'text')
        : builder.addColumn('partner_id', 'text', (c) => c.notNull());
    await builder
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('total_minor', 'integer', (c) => c.notNull())
      .addColumn('lines_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  }
}
