import type { Db } from '../db/database.ts';
import type { AlertTable, DriftReferenceTable } from '../db/schema.ts';

/** Drift references and alerts. */

export async function findReference(db: Db, versionId: string) {
  return db
    .selectFrom('drift_references')
    .selectAll()
    .where('model_version_id', '=', versionId)
    .executeTakeFirst();
}

export async function putReference(db: Db, row: DriftReferenceTable) {
  const { model_version_id: _, ...rest } = row;
  await db
    .insertInto('drift_references')
    .values(row)
    .onConflict((oc) => oc.column('model_version_id').doUpdateSet(rest))
    .execute();
}

export async function insertAlert(db: Db, row: AlertTable) {
  await db.insertInto('alerts').values(row).execute();
}

export async function setWebhookStatus(db: Db, id: string, status: string, error: string | null) {
  await db
    .updateTable('alerts')
    .set({ webhook_status: status, webhook_error: error })
    .where('id', '=', id)
    .execute();
}

export async function listAlerts(
  db: Db,
  filter: { endpoint?: string; kind?: string; since?: string },
  limit: number,
) {
  let query = db.selectFrom('alerts').selectAll();
  if (filter.endpoint) query = query.where('endpoint', '=', filter.endpoint);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.since) query = query.where('at', '>=', filter.since);
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function findAlert(db: Db, id: string) {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}
