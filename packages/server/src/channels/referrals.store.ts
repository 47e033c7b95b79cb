import type { Db } from '../db/database.ts';
import type {
  ChannelSettingTable,
  PartnerEventTable,
  ReferralAttributionTable,
  ReferralCodeTable,
  ReferralTouchTable,
} from '../db/schema.ts';

export async function insertCode(db: Db, row: ReferralCodeTable) {
  await db.insertInto('referral_codes').values(row).execute();
}

export async function findCode(db: Db, code: string) {
  return db.selectFrom('referral_codes').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listCodes(db: Db, partnerId: string) {
  return db
    .selectFrom('referral_codes')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .orderBy('created_at')
    .orderBy('code')
    .execute();
}

export async function insertTouch(db: Db, row: ReferralTouchTable) {
  await db.insertInto('referral_touches').values(row).execute();
}

/** A visitor's touches from `since` to `until`, oldest first. */
export async function touchesOf(db: Db, visitor: string, since: string, until: string) {
  return db
    .selectFrom('referral_touches')
    .selectAll()
    .where('visitor', '=', visitor)
    .where('at', '>=', since)
    .where('at', '<=', until)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertAttribution(db: Db, row: ReferralAttributionTable) {
  await db.insertInto('referral_attributions').values(row).execute();
}

export async function getSetting(db: Db, key: string) {
  return db.selectFrom('channel_settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function putSetting(db: Db, row: ChannelSettingTable) {
  await db
    .insertInto('channel_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value_json: row.value_json, updated_at: row.updated_at }),
    )
    .execute();
}

export async function insertEvent(db: Db, row: PartnerEventTable) {
  await db.insertInto('partner_events').values(row).execute();
}

export async function listEvents(
  db: Db,
  filter: { partnerId?: string; subjectId?: string; limit: number },
) {
  let query = db.selectFrom('partner_events').selectAll();
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  return query.orderBy('at').orderBy('id').limit(filter.limit).execute();
}
