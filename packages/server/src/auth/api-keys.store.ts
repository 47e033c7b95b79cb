import type { Db } from '../db/database.ts';
import type { ApiKeyTable } from '../db/schema.ts';

export async function insertKey(db: Db, row: ApiKeyTable) {
  await db.insertInto('api_keys').values(row).execute();
}

export async function findKeyByPrefix(db: Db, prefix: string) {
  return db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
}

export async function findKey(db: Db, id: string) {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listKeysOfCustomer(db: Db, customerId: string) {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .execute();
}

export async function revokeKey(db: Db, id: string, at: string) {
  await db
    .updateTable('api_keys')
    .set({ status: 'revoked', revoked_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
}

export async function listKeysOfCustomers(db: Db, customerIds: string[]) {
  if (customerIds.length === 0) return [];
  return db.selectFrom('api_keys').selectAll().where('customer_id', 'in', customerIds).execute();
}

export async function listAllKeys(db: Db) {
  return db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
}
