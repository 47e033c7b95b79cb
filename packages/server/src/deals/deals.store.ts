import type { Db } from '../db/database.ts';
import type { DealTable } from '../db/schema.ts';

export async function insertDeal(db: Db, row: DealTable) {
  await db.insertInto('deals').values(row).execute();
}

export async function updateDeal(db: Db, id: string, changes: Partial<DealTable>) {
  await db.updateTable('deals').set(changes).where('id', '=', id).execute();
}

export async function findDeal(db: Db, id: string) {
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDeals(db: Db, filter: { partnerId?: string } = {}) {
  let query = db.selectFrom('deals').selectAll();
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Open deals (not won or lost) of other partners for the same company, oldest first. */
export async function openDealsForCompany(db: Db, companyKey: string) {
  return db
    .selectFrom('deals')
    .selectAll()
    .where('company_key', '=', companyKey)
    .where('stage', 'not in', ['won', 'lost'])
    .where('registration', '!=', 'rejected')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
