import type { Db } from '../db/database.ts';
import type { PartnerUserTable } from '../db/schema.ts';

export async function insertUser(db: Db, row: PartnerUserTable) {
  await db.insertInto('partner_users').values(row).execute();
}

export async function updateUser(db: Db, id: string, changes: Partial<PartnerUserTable>) {
  await db.updateTable('partner_users').set(changes).where('id', '=', id).execute();
}

export async function findUser(db: Db, id: string) {
  return db.selectFrom('partner_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByInvitePrefix(db: Db, prefix: string) {
  return db
    .selectFrom('partner_users')
    .selectAll()
    .where('invite_prefix', '=', prefix)
    .executeTakeFirst();
}

export async function findByToken(db: Db, tokenId: string) {
  return db
    .selectFrom('partner_users')
    .selectAll()
    .where('token_id', '=', tokenId)
    .executeTakeFirst();
}

export async function listUsers(db: Db, partnerId?: string) {
  let query = db.selectFrom('partner_users').selectAll();
  if (partnerId) query = query.where('partner_id', '=', partnerId);
  return query.orderBy('invited_at').orderBy('id').execute();
}
