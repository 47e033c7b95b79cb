import type { Db } from '../db/database.ts';
import type { MdfRequestTable } from '../db/schema.ts';

export async function insertMdf(db: Db, row: MdfRequestTable) {
  await db.insertInto('mdf_requests').values(row).execute();
}

export async function listMdf(db: Db, partnerId?: string) {
  let query = db.selectFrom('mdf_requests').selectAll();
  if (partnerId) query = query.where('partner_id', '=', partnerId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function findMdf(db: Db, id: string) {
  return db.selectFrom('mdf_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateMdf(db: Db, id: string, changes: Partial<MdfRequestTable>) {
  await db.updateTable('mdf_requests').set(changes).where('id', '=', id).execute();
}
