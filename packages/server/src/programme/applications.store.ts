import type { Db } from '../db/database.ts';
import type { PartnerApplicationTable } from '../db/schema.ts';

export async function insertApplication(db: Db, row: PartnerApplicationTable) {
  await db.insertInto('partner_applications').values(row).execute();
}

export async function findApplication(db: Db, id: string) {
  return db.selectFrom('partner_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Applications of a company still open or accepted (a rejected one may apply again). */
export async function liveApplicationsOf(db: Db, companyKey: string) {
  return db
    .selectFrom('partner_applications')
    .selectAll()
    .where('company_key', '=', companyKey)
    .where('status', '!=', 'rejected')
    .execute();
}

export async function listApplications(db: Db) {
  return db
    .selectFrom('partner_applications')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateApplication(
  db: Db,
  id: string,
  changes: Partial<PartnerApplicationTable>,
) {
  await db.updateTable('partner_applications').set(changes).where('id', '=', id).execute();
}
