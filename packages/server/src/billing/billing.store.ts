import type { Db } from '../db/database.ts';
import type {
  BillingPeriodTable,
  CommissionRuleTable,
  CommissionStatementTable,
  InvoiceTable,
  WholesaleInvoiceTable,
} from '../db/schema.ts';

export async function insertRule(db: Db, row: CommissionRuleTable) {
  await db.insertInto('commission_rules').values(row).execute();
}

export async function listRules(db: Db) {
  return db
    .selectFrom('commission_rules')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listPeriods(db: Db) {
  return db.selectFrom('billing_periods').selectAll().orderBy('start').execute();
}

export async function findPeriod(db: Db, id: string) {
  return db.selectFrom('billing_periods').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Closed periods that overlap [start, end). */
export async function overlappingPeriods(db: Db, start: string, end: string) {
  return db
    .selectFrom('billing_periods')
    .selectAll()
    .where('start', '<', end)
    .where('end', '>', start)
    .execute();
}

/** The closed period with start ≤ at < end (times as ISO text, so text order is time order). */
export async function periodContaining(db: Db, at: string) {
  return db
    .selectFrom('billing_periods')
    .selectAll()
    .where('start', '<=', at)
    .where('end', '>', at)
    .executeTakeFirst();
}

/** The closed period that ends last. */
export async function latestPeriod(db: Db) {
  return db.selectFrom('billing_periods').selectAll().orderBy('end', 'desc').executeTakeFirst();
}

export async function findRule(db: Db, id: string) {
  return db.selectFrom('commission_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function endRule(db: Db, id: string, effectiveTo: string) {
  await db
    .updateTable('commission_rules')
    .set({ effective_to: effectiveTo })
    .where('id', '=', id)
    .execute();
}

/** The period, its invoices and statements: written together, once, never updated. */
export async function insertClosedPeriod(
  db: Db,
  period: BillingPeriodTable,
  invoices: InvoiceTable[],
  wholesaleInvoices: WholesaleInvoiceTable[],
  statements: CommissionStatementTable[],
) {
  await db.insertInto('billing_periods').values(period).execute();
  // SQLite caps the bound parameters of one statement: insert in chunks.
  for (let i = 0; i < invoices.length; i += 200) {
    await db
      .insertInto('invoices')
      .values(invoices.slice(i, i + 200))
      .execute();
  }
  if (wholesaleInvoices.length > 0) {
    await db.insertInto('wholesale_invoices').values(wholesaleInvoices).execute();
  }
  for (let i = 0; i < statements.length; i += 200) {
    await db
      .insertInto('commission_statements')
      .values(statements.slice(i, i + 200))
      .execute();
  }
}

export async function listWholesaleInvoices(
  db: Db,
  filter: { periodId?: string; partnerId?: string } = {},
) {
  let query = db.selectFrom('wholesale_invoices').selectAll();
  if (filter.periodId) query = query.where('period_id', '=', filter.periodId);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  return query.orderBy('period_id').orderBy('partner_id').orderBy('currency').execute();
}

export async function findWholesaleInvoice(db: Db, id: string) {
  return db.selectFrom('wholesale_invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listInvoices(
  db: Db,
  filter: { periodId?: string; partnerId?: string; customerId?: string } = {},
) {
  let query = db.selectFrom('invoices').selectAll();
  if (filter.periodId) query = query.where('period_id', '=', filter.periodId);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  return query.orderBy('period_id').orderBy('customer_id').orderBy('currency').execute();
}

export async function findInvoices(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('invoices').selectAll().where('id', 'in', ids).execute();
}

export async function findInvoice(db: Db, id: string) {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listStatements(
  db: Db,
  filter: { periodId?: string; partnerId?: string } = {},
) {
  let query = db.selectFrom('commission_statements').selectAll();
  if (filter.periodId) query = query.where('period_id', '=', filter.periodId);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  return query.orderBy('period_id').orderBy('partner_id').orderBy('currency').execute();
}

export async function findStatement(db: Db, id: string) {
  return db.selectFrom('commission_statements').selectAll().where('id', '=', id).executeTakeFirst();
}
