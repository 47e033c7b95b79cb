import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { TrainingRunTable } from '../db/schema.ts';

export type TrainingRunRow = Selectable<TrainingRunTable>;

export async function insertRun(db: Db, row: Insertable<TrainingRunTable>): Promise<void> {
  await db.insertInto('training_runs').values(row).execute();
}

export async function updateRun(
  db: Db,
  id: string,
  patch: Updateable<TrainingRunTable>,
): Promise<void> {
  await db.updateTable('training_runs').set(patch).where('id', '=', id).execute();
}

export async function findRun(db: Db, id: string) {
  return db.selectFrom('training_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRuns(
  db: Db,
  filter: { experiment?: string; jobId?: string; limit: number },
): Promise<TrainingRunRow[]> {
  let query = db.selectFrom('training_runs').selectAll();
  if (filter.experiment) query = query.where('experiment', '=', filter.experiment);
  if (filter.jobId) {
    const jobId = filter.jobId;
    query = query.where((eb) => eb.or([eb('job_id', '=', jobId), eb('parent_job_id', '=', jobId)]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
}
