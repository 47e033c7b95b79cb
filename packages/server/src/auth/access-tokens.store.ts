import type { Db } from '../db/database.ts';
import type { AccessTokenTable } from '../db/schema.ts';

export async function insertToken(db: Db, row: AccessTokenTable) {
  await db.insertInto('access_tokens').values(row).execute();
}

export async function findTokenByPrefix(db: Db, prefix: string) {
  return db.selectFrom('access_tokens').selectAll().where('prefix', '=', prefix).executeTakeFirst();
}

export async function findToken(db: Db, id: string) {
  return db.selectFrom('access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTokens(db: Db) {
  return db.selectFrom('access_tokens').selectAll().orderBy('created_at').execute();
}

export async function revokeToken(db: Db, id: string, at: string) {
  await db
    .updateTable('access_tokens')
    .set({ status: 'revoked', revoked_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
}
