import type { Db } from '../db/database.ts';
import type { CustomerTable, PartnerTable } from '../db/schema.ts';

export async function insertPartner(db: Db, row: PartnerTable) {
  await db.insertInto('partners').values(row).execute();
}

export async function findPartner(db: Db, id: string) {
  return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPartners(db: Db) {
  return db.selectFrom('partners').selectAll().orderBy('created_at').execute();
}

export async function insertCustomer(db: Db, row: CustomerTable) {
  await db.insertInto('customers').values(row).execute();
}

export async function findCustomer(db: Db, id: string) {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCustomers(db: Db) {
  return db.selectFrom('customers').selectAll().orderBy('created_at').execute();
}
