import type { Db } from '../db/database.ts';
import type { JobEvent, JobQueue, JobRecord } from './job.ts';
import { jobErrors } from './jobs.errors.ts';
import { findJob, listJobs, toJobRecord } from './jobs.store.ts';
import type { QueueName } from './queues.ts';

/**
 * The jobs as a thread that runs one job's handler sees them (a training thread): it reads the
 * table through its own connection and runs nothing. Queuing, cancelling and following belong
 * to the runner of the process; asking for them here is a bug, answered `jobs.read_only`.
 */
export class JobReader implements JobQueue {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<JobRecord | undefined> {
    const row = await findJob(this.db, id);
    return row ? toJobRecord(row) : undefined;
  }

  async list(queue: QueueName, limit = 50): Promise<JobRecord[]> {
    return (await listJobs(this.db, queue, limit)).map(toJobRecord);
  }

  enqueue(): never {
    throw jobErrors.readOnly('queue a job');
  }
  cancel(): never {
    throw jobErrors.readOnly('cancel a job');
  }
  subscribe(_id: string, _listener: (event: JobEvent) => void): never {
    throw jobErrors.readOnly('follow a job');
  }
  waitFor(): never {
    throw jobErrors.readOnly('wait for a job');
  }
  register(): never {
    throw jobErrors.readOnly('register a handler');
  }
  onClose(): void {}
  async close(): Promise<void> {}
}
