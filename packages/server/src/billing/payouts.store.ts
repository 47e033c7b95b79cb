import type { Db } from '../db/database.ts';
import type {
  BillingSettingTable,
  CreditNoteTable,
  PayoutDetailsTable,
  PayoutItemTable,
  PayoutRunTable,
} from '../db/schema.ts';

export async function insertCreditNote(db: Db, row: CreditNoteTable) {
  await db.insertInto('credit_notes').values(row).execute();
}

export async function listCreditNotes(
  db: Db,
  filter: { invoiceId?: string; partnerId?: string; customerId?: string } = {},
) {
  let query = db.selectFrom('credit_notes').selectAll();
  if (filter.invoiceId) query = query.where('invoice_id', '=', filter.invoiceId);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function insertRun(db: Db, run: PayoutRunTable, items: PayoutItemTable[]) {
  await db.insertInto('payout_runs').values(run).execute();
  if (items.length > 0) await db.insertInto('payout_items').values(items).execute();
}

export async function listRuns(db: Db) {
  return db.selectFrom('payout_runs').selectAll().orderBy('at').orderBy('id').execute();
}

export async function listItems(db: Db) {
  return db.selectFrom('payout_items').selectAll().orderBy('run_id').orderBy('id').execute();
}

export async function findDetails(db: Db, partnerId: string) {
  return db
    .selectFrom('payout_details')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
}

export async function listDetails(db: Db) {
  return db.selectFrom('payout_details').selectAll().execute();
}

export async function putDetails(db: Db, row: PayoutDetailsTable) {
  await db
    .insertInto('payout_details')
    .values(row)
    .onConflict((oc) =>
      oc.column('partner_id').doUpdateSet({
        method: row.method,
        masked: row.masked,
        ciphertext: row.ciphertext,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function getSetting(db: Db, key: string) {
  return db.selectFrom('billing_settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function putSetting(db: Db, row: BillingSettingTable) {
  await db
    .insertInto('billing_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value_json: row.value_json, updated_at: row.updated_at }),
    )
    .execute();
}
