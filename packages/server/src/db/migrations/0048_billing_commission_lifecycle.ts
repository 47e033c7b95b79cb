import type { Kysely } from 'kysely';

/**
 * The commission lifecycle (issue #14): effective-dated rules (percent or flat, one-time or
 * recurring for at most N months, per product), invoices issued by Qudao or by a reseller,
 * wholesale invoices to resellers, credit notes, the holding period each closed period was
 * closed with, payout runs and their items, and partners' payout details (encrypted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const rules = [
    ['product_id', 'text', null],
    ['basis', 'text', 'percent'],
    ['flat_minor', 'integer', 0],
    ['recurrence', 'text', 'recurring'],
    ['max_months', 'integer', null],
    ['effective_from', 'text', null],
    ['effective_to', 'text', null],
  ] as const;
  for (const [name, type, fallback] of rules) {
    await db.schema
      .alterTable('commission_rules')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
  // Periods closed before this had no holding period: their lines were payable at once.
  await db.schema
    .alterTable('billing_periods')
    .addColumn('holding_days', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('invoices')
    .addColumn('issuer', 'text', (c) => c.notNull().defaultTo('qudao'))
    .execute();
  await db.schema
    .alterTable('invoices')
    .addColumn('issuer_name', 'text', (c) => c.notNull().defaultTo('Qudao'))
    .execute();
  await db.schema
    .createTable('wholesale_invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('period_id', 'text', (c) => c.notNull().references('billing_periods.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'integer', (c) => c.notNull())
    .addColumn('lines_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('credit_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('payout_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('period_id', 'text', (c) => c.notNull().references('billing_periods.id'))
    .addColumn('partner_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('minimums_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('payout_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('payout_runs.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('entries_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('payout_details')
    .addColumn('partner_id', 'text', (c) => c.primaryKey().references('partners.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('masked', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('billing_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
