import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { JobTable } from '../db/schema.ts';
import type { JobRecord, JobStatus } from './job.ts';
import type { JobOwner } from './job-lease.ts';
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

export async function insertJob(db: Db, row: Insertable<JobTable>): Promise<void> {
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
  isOrphan: (owner: JobOwner) => boolean,
  finishedAt: string,
): Promise<number> {
  const open = await db
    .selectFrom('jobs')
    .select(['id', 'worker', 'heartbeat_at'])
    .where('status', 'in', ['queued', 'running'])
    .execute();
  const orphans = open.filter((j) => isOrphan(j)).map((j) => j.id);
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
    // A job that finished between the read and this write keeps its outcome.
    .where('status', 'in', ['queued', 'running'])
    .execute();
  return orphans.length;
}

/** Renews the lease of every unfinished job the worker owns. */
export async function renewLeases(db: Db, worker: string, at: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ heartbeat_at: at })
    .where('worker', '=', worker)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Of these running jobs, the ones another process asked to cancel. */
export async function cancelRequested(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('jobs')
    .select('id')
    .where('id', 'in', ids)
    .where('cancel_requested_at', 'is not', null)
    .execute();
  return rows.map((r) => r.id);
}
