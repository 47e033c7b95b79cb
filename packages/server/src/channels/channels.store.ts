import type { Db } from '../db/database.ts';
import type { CustomerTable, PartnerTable, PartnerTierHistoryTable } from '../db/schema.ts';

export async function insertPartner(db: Db, row: PartnerTable) {
  await db.insertInto('partners').values(row).execute();
}

export async function updatePartner(db: Db, id: string, changes: Partial<PartnerTable>) {
  await db.updateTable('partners').set(changes).where('id', '=', id).execute();
}

export async function findPartner(db: Db, id: string) {
  return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPartners(db: Db, filter: { partnerId?: string } = {}) {
  let query = db.selectFrom('partners').selectAll();
  if (filter.partnerId) query = query.where('id', '=', filter.partnerId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function insertCustomer(db: Db, row: CustomerTable) {
  await db.insertInto('customers').values(row).execute();
}

export async function findCustomer(db: Db, id: string) {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCustomers(
  db: Db,
  filter: { partnerId?: string; customerId?: string } = {},
) {
  let query = db.selectFrom('customers').selectAll();
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.customerId) query = query.where('id', '=', filter.customerId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function updateCustomer(db: Db, id: string, changes: Partial<CustomerTable>) {
  await db.updateTable('customers').set(changes).where('id', '=', id).execute();
}

export async function insertTierChange(db: Db, row: PartnerTierHistoryTable) {
  await db.insertInto('partner_tier_history').values(row).execute();
}

export async function listTierHistory(db: Db, partnerId?: string) {
  let query = db.selectFrom('partner_tier_history').selectAll();
  if (partnerId) query = query.where('partner_id', '=', partnerId);
  return query.orderBy('at').orderBy('id').execute();
}
