import type { Db } from '../db/database.ts';
import type { UpgradeRunTable } from '../db/schema.ts';

export async function findPolicy(db: Db, endpointId: string) {
  return db
    .selectFrom('retrain_policies')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
}

export async function listPolicies(db: Db) {
  return db.selectFrom('retrain_policies').selectAll().execute();
}

export async function putPolicy(
  db: Db,
  row: { endpoint_id: string; policy_json: string; updated_by: string; updated_at: string },
) {
  const { endpoint_id: _, ...rest } = row;
  await db
    .insertInto('retrain_policies')
    .values(row)
    .onConflict((oc) => oc.column('endpoint_id').doUpdateSet(rest))
    .execute();
}

export async function insertRun(db: Db, row: UpgradeRunTable) {
  await db.insertInto('upgrade_runs').values(row).execute();
}

export async function updateRun(db: Db, id: string, patch: Partial<UpgradeRunTable>) {
  await db.updateTable('upgrade_runs').set(patch).where('id', '=', id).execute();
}

export async function findRun(db: Db, id: string) {
  return db.selectFrom('upgrade_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRuns(db: Db, endpointId: string | undefined, limit: number) {
  let query = db.selectFrom('upgrade_runs').selectAll();
  if (endpointId) query = query.where('endpoint_id', '=', endpointId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Runs not finished yet (of one endpoint, or all). */
export async function activeRuns(db: Db, endpointId?: string) {
  let query = db
    .selectFrom('upgrade_runs')
    .selectAll()
    .where('status', 'in', ['dataset', 'training', 'evaluating', 'canary']);
  if (endpointId) query = query.where('endpoint_id', '=', endpointId);
  return query.execute();
}

/** When the endpoint's last run started (for the schedule). */
export async function lastRunAt(db: Db, endpointId: string) {
  const row = await db
    .selectFrom('upgrade_runs')
    .select('created_at')
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at;
}
