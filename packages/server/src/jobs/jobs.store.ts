import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { JobTable } from '../db/schema.ts';
import type { JobRecord, JobStatus } from './job.ts';
import type { QueueName } from './queues.ts';

export function toJobRecord(row: Selectable<JobTable>): JobRecord {
  return {
    id: row.id,
    queue: row.queue as QueueName,
    payload: JSON.parse(row.payload_json),
    status: row.status as JobStatus,
    progress: row.progress_json ? JSON.parse(row.progress_json) : null,
    history: JSON.parse(row.history_json),
    result: row.result_json ? JSON.parse(row.result_json) : null,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export async function insertJob(db: Db, row: JobTable): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

export async function findJob(db: Db, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listJobs(db: Db, queue: string, limit: number) {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('queue', '=', queue)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function updateJob(db: Db, id: string, patch: Partial<JobTable>): Promise<void> {
  await db.updateTable('jobs').set(patch).where('id', '=', id).execute();
}

/** Unfinished jobs whose owning process is gone: mark them failed, as nothing will finish them. */
export async function failOrphanedJobs(
  db: Db,
  isAlive: (worker: string | null) => boolean,
  finishedAt: string,
): Promise<number> {
  const open = await db
    .selectFrom('jobs')
    .select(['id', 'worker'])
    .where('status', 'in', ['queued', 'running'])
    .execute();
  const orphans = open.filter((j) => !isAlive(j.worker)).map((j) => j.id);
  if (orphans.length === 0) return 0;
  await db
    .updateTable('jobs')
    .set({
      status: 'failed',
      error_code: 'jobs.interrupted',
      error_message: 'the process that owned this job stopped before it finished',
      finished_at: finishedAt,
    })
    .where('id', 'in', orphans)
    .execute();
  return orphans.length;
}
