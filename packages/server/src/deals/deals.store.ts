import type { Db } from '../db/database.ts';
import type { DealSettingTable, DealTable } from '../db/schema.ts';

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

/** Approved open registrations with a protection end (the sweep's candidates). */
export async function protectedOpenDeals(db: Db) {
  return db
    .selectFrom('deals')
    .selectAll()
    .where('registration', '=', 'approved')
    .where('stage', 'not in', ['won', 'lost'])
    .where('protected_until', 'is not', null)
    .orderBy('protected_until')
    .orderBy('id')
    .execute();
}

export async function getSetting(db: Db, key: string) {
  return db.selectFrom('deal_settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function putSetting(db: Db, row: DealSettingTable) {
  await db
    .insertInto('deal_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value_json: row.value_json, updated_at: row.updated_at }),
    )
    .execute();
}
