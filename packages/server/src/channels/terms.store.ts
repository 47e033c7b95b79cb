import type { Db } from '../db/database.ts';
import type { ProgrammeTermsTable, TermsAcceptanceTable } from '../db/schema.ts';

export async function insertTerms(db: Db, row: ProgrammeTermsTable) {
  await db.insertInto('programme_terms').values(row).execute();
}

export async function findTerms(db: Db, version: string) {
  return db
    .selectFrom('programme_terms')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function listTerms(db: Db) {
  return db.selectFrom('programme_terms').selectAll().orderBy('published_at').execute();
}

export async function insertAcceptance(db: Db, row: TermsAcceptanceTable) {
  await db.insertInto('terms_acceptances').values(row).execute();
}

export async function listAcceptances(db: Db, partnerId?: string) {
  let query = db.selectFrom('terms_acceptances').selectAll();
  if (partnerId) query = query.where('partner_id', '=', partnerId);
  return query.orderBy('at').orderBy('id').execute();
}
