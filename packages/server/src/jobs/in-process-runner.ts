import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { Db } from '../db/database.ts';
import { AppError } from '../shared/app-error.ts';
import { newId, nowIso } from '../shared/ids.ts';
import type { JobEvent, JobHandler, JobQueue, JobRecord } from './job.ts';
import {
  failOrphanedJobs,
  findJob,
  insertJob,
  listJobs,
  toJobRecord,
  updateJob,
} from './jobs.store.ts';
import { type QueueName, queues } from './queues.ts';

const PROGRESS_WRITE_INTERVAL_MS = 1000;

/**
 * Runs jobs inside this process, one at a time, in the order they were enqueued. State lives
 * in the `jobs` table so other processes (the CLI, the server) can read it.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly handlers = new Map<QueueName, JobHandler>();
  private readonly events = new EventEmitter();
  private readonly controllers = new Map<string, AbortController>();
  private readonly pending: string[] = [];
  private readonly worker = `${hostname()}:${process.pid}`;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly db: Db) {
    this.events.setMaxListeners(0);
  }

  /** Marks jobs of dead processes as failed; call once at start. */
  async recover(): Promise<number> {
    return failOrphanedJobs(this.db, (worker) => isWorkerAlive(worker), nowIso());
  }

  register(queue: QueueName, handler: JobHandler): void {
    this.handlers.set(queue, handler);
  }

  async enqueue(queue: QueueName, payload: unknown): Promise<JobRecord> {
    if (this.closed) throw new AppError('jobs.closed', 503, 'the job runner is shutting down');
    const parsed = queues[queue].payload.parse(payload);
    const id = newId('job');
    await insertJob(this.db, {
      id,
      queue,
      payload_json: JSON.stringify(parsed),
      status: 'queued',
      worker: this.worker,
      progress_json: null,
      history_json: '[]',
      result_json: null,
      error_code: null,
      error_message: null,
      created_at: nowIso(),
      started_at: null,
      finished_at: null,
    });
    this.pending.push(id);
    this.kick();
    return (await this.get(id))!;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const row = await findJob(this.db, id);
    return row ? toJobRecord(row) : undefined;
  }

  async list(queue: QueueName, limit = 50): Promise<JobRecord[]> {
    return (await listJobs(this.db, queue, limit)).map(toJobRecord);
  }

  async cancel(id: string): Promise<JobRecord | undefined> {
    const job = await this.get(id);
    if (!job) return undefined;
    if (job.status === 'queued') {
      const index = this.pending.indexOf(id);
      if (index >= 0) this.pending.splice(index, 1);
      await this.finish(id, 'cancelled', null, { code: 'jobs.cancelled', message: 'cancelled' });
    } else if (job.status === 'running') {
      this.controllers.get(id)?.abort();
    }
    return this.get(id);
  }

  subscribe(id: string, listener: (event: JobEvent) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  async waitFor(id: string): Promise<JobRecord> {
    for (;;) {
      const job = await this.get(id);
      if (!job) throw new AppError('jobs.not_found', 404, `no job with id ${id}`);
      if (isFinished(job)) return job;
      await new Promise<void>((resolve) => {
        const off = this.subscribe(id, (event) => {
          if (event.type === 'status' && isFinished(event.job)) {
            off();
            resolve();
          }
        });
        setTimeout(() => {
          off();
          resolve();
        }, 1000).unref();
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.controllers.values()) controller.abort();
    await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.pending.length > 0 && !this.closed) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.closed) {
      const id = this.pending.shift()!;
      await this.runOne(id);
    }
  }

  private async runOne(id: string): Promise<void> {
    const job = await this.get(id);
    if (job?.status !== 'queued') return;
    const handler = this.handlers.get(job.queue);
    if (!handler) {
      await this.finish(id, 'failed', null, {
        code: 'jobs.no_handler',
        message: `no worker handles the ${job.queue} queue in this process`,
      });
      return;
    }
    const controller = new AbortController();
    this.controllers.set(id, controller);
    await updateJob(this.db, id, { status: 'running', started_at: nowIso() });
    this.emitStatus(id);
    let lastWrite = 0;
    let latest: unknown = null;
    const history: unknown[] = [];
    try {
      const result = await handler(job.payload, {
        jobId: id,
        signal: controller.signal,
        progress: (progress) => {
          latest = progress;
          this.events.emit(id, { type: 'progress', progress } satisfies JobEvent);
          const now = Date.now();
          if (now - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
            lastWrite = now;
            void updateJob(this.db, id, { progress_json: JSON.stringify(progress) });
          }
        },
        appendHistory: async (entry) => {
          history.push(entry);
          await updateJob(this.db, id, { history_json: JSON.stringify(history) });
          this.events.emit(id, { type: 'history', entry } satisfies JobEvent);
        },
      });
      await updateJob(this.db, id, { progress_json: JSON.stringify(latest) });
      await this.finish(id, 'succeeded', result, null);
    } catch (error) {
      const cancelled = controller.signal.aborted;
      const code = cancelled ? 'jobs.cancelled' : errorCode(error);
      await updateJob(this.db, id, { progress_json: JSON.stringify(latest) });
      await this.finish(id, cancelled ? 'cancelled' : 'failed', null, {
        code,
        message: (error as Error).message,
      });
    } finally {
      this.controllers.delete(id);
    }
  }

  private async finish(
    id: string,
    status: 'succeeded' | 'failed' | 'cancelled',
    result: unknown,
    error: { code: string; message: string } | null,
  ): Promise<void> {
    await updateJob(this.db, id, {
      status,
      result_json: result === null ? null : JSON.stringify(result),
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
      finished_at: nowIso(),
    });
    this.emitStatus(id);
  }

  private emitStatus(id: string): void {
    void this.get(id).then((job) => {
      if (job) this.events.emit(id, { type: 'status', job } satisfies JobEvent);
    });
  }
}

function isFinished(job: JobRecord): boolean {
  return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.includes('.') ? code : 'jobs.failed';
}

function isWorkerAlive(worker: string | null): boolean {
  if (!worker) return false;
  const [host, pid] = worker.split(':');
  if (host !== hostname()) return true; // another machine's job: not ours to judge
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
