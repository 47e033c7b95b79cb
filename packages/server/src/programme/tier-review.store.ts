import type { Db } from '../db/database.ts';
import type { ProgrammeSettingTable, TierReviewTable } from '../db/schema.ts';

export async function getSetting(db: Db, key: string) {
  return db.selectFrom('programme_settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function putSetting(db: Db, row: ProgrammeSettingTable) {
  await db
    .insertInto('programme_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value_json: row.value_json, updated_at: row.updated_at }),
    )
    .execute();
}

export async function insertReviews(db: Db, rows: TierReviewTable[]) {
  if (rows.length > 0) await db.insertInto('tier_reviews').values(rows).execute();
}

export async function listReviews(db: Db, partnerId?: string) {
  let query = db.selectFrom('tier_reviews').selectAll();
  if (partnerId) query = query.where('partner_id', '=', partnerId);
  return query.orderBy('at').orderBy('id').execute();
}
