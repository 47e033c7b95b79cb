import type { Db } from '../db/database.ts';
import type { FeedbackTable } from '../db/schema.ts';

export async function insertFeedback(db: Db, row: FeedbackTable) {
  await db.insertInto('feedback').values(row).execute();
}

export async function listFeedback(
  db: Db,
  filter: { partnerId?: string; customerId?: string } | null,
) {
  let query = db.selectFrom('feedback').selectAll();
  if (filter?.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter?.customerId) query = query.where('customer_id', '=', filter.customerId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function findFeedback(db: Db, id: string) {
  return db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function resolveFeedback(db: Db, id: string, at: string) {
  await db
    .updateTable('feedback')
    .set({ status: 'resolved', resolved_at: at })
    .where('id', '=', id)
    .execute();
}
