import { EventEmitter } from 'node:events';
import type { Db } from '../db/database.ts';
import { newId, nowIso } from '../shared/ids.ts';
import type { DefinitionOfQueue, JobEvent, JobHandler, JobQueue, JobRecord } from './job.ts';
import { currentWorker, HEARTBEAT_INTERVAL_MS, isOrphaned, LEASE_MS } from './job-lease.ts';
import { jobErrors } from './jobs.errors.ts';
import {
  cancelRequested,
  failOrphanedJobs,
  findJob,
  insertJob,
  listJobs,
  renewLeases,
  toJobRecord,
  updateJob,
} from './jobs.store.ts';
import type { QueueDefinition, QueueName, QueuePayload, QueueResult } from './queues.ts';

const PROGRESS_WRITE_INTERVAL_MS = 1000;

interface Worker {
  definition: QueueDefinition;
  handler: JobHandler;
}

/**
 * Runs jobs inside this process, one at a time, in the order they were enqueued. State lives
 * in the `jobs` table so other processes (the CLI, the server) can read it.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly workers = new Map<string, Worker>();
  private readonly events = new EventEmitter();
  private readonly controllers = new Map<string, AbortController>();
  private readonly pending: string[] = [];
  private readonly closeHooks: (() => Promise<void>)[] = [];
  private readonly worker = currentWorker();
  private readonly leaseMs: number;
  private readonly heartbeat: NodeJS.Timeout;
  private beating: Promise<void> = Promise.resolve();
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    options: { heartbeatMs?: number; leaseMs?: number } = {},
  ) {
    this.events.setMaxListeners(0);
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    // The lease of this process's jobs, and the cancels other processes asked for them.
    this.heartbeat = setInterval(() => {
      this.beating = this.beat().catch(() => {
        // A busy or closing database: the next beat tries again, well within the lease.
      });
    }, options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** Marks the unfinished jobs of dead owners as failed (jobs.interrupted); call once at start. */
  async recover(): Promise<number> {
    const now = Date.now();
    return failOrphanedJobs(this.db, (owner) => isOrphaned(owner, now, this.leaseMs), nowIso());
  }

  private async beat(): Promise<void> {
    await renewLeases(this.db, this.worker, nowIso());
    for (const id of await cancelRequested(this.db, [...this.controllers.keys()])) {
      this.controllers.get(id)?.abort();
    }
  }

  register<Q extends QueueName>(
    queue: DefinitionOfQueue<Q>,
    handler: JobHandler<QueuePayload<Q>, QueueResult<Q>>,
  ): void {
    this.workers.set(queue.name, { definition: queue, handler: handler as JobHandler });
  }

  async enqueue<Q extends QueueName>(
    queue: Q,
    payload: QueuePayload<Q>,
  ): Promise<JobRecord<QueuePayload<Q>, QueueResult<Q>>> {
    if (this.closed) throw jobErrors.closed();
    const worker = this.workers.get(queue);
    if (!worker) throw jobErrors.unknownQueue(queue);
    const checked = worker.definition.payload.safeParse(payload);
    if (!checked.success) throw jobErrors.badPayload(queue, checked.error);
    const parsed = checked.data;
    const id = newId('job');
    await insertJob(this.db, {
      id,
      queue,
      payload_json: JSON.stringify(parsed),
      status: 'queued',
      worker: this.worker,
      heartbeat_at: nowIso(),
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
    return (await this.get(id)) as JobRecord<QueuePayload<Q>, QueueResult<Q>>;
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
      const controller = this.controllers.get(id);
      if (controller) controller.abort();
      else await this.cancelElsewhere(id);
    }
    return this.get(id);
  }

  /**
   * A running job of another process: a dead owner will never finish it, so it is cancelled
   * here and now; a live one is asked to, and aborts it at its next heartbeat.
   */
  private async cancelElsewhere(id: string): Promise<void> {
    const row = await findJob(this.db, id);
    if (!row) return;
    if (isOrphaned(row, Date.now(), this.leaseMs)) {
      await this.finish(id, 'cancelled', null, {
        code: 'jobs.cancelled',
        message: 'cancelled; the process that ran it had already stopped',
      });
    } else {
      await updateJob(this.db, id, { cancel_requested_at: nowIso() });
    }
  }

  subscribe(id: string, listener: (event: JobEvent) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  async waitFor(id: string): Promise<JobRecord> {
    for (;;) {
      const job = await this.get(id);
      if (!job) throw jobErrors.notFound(id);
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
    clearInterval(this.heartbeat);
    for (const controller of this.controllers.values()) controller.abort();
    await this.running;
    await this.beating;
    for (const hook of this.closeHooks) await hook();
  }

  onClose(hook: () => Promise<void>): void {
    this.closeHooks.push(hook);
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
    const worker = this.workers.get(job.queue);
    if (!worker) {
      await this.finish(id, 'failed', null, {
        code: 'jobs.no_handler',
        message: `no worker handles the ${job.queue} queue in this process`,
      });
      return;
    }
    // The stored payload is checked again: a row edited, or written by another version of the
    // code (a queue over Redis), fails the job with a code instead of reaching the handler.
    const payload = worker.definition.payload.safeParse(job.payload);
    if (!payload.success) {
      const error = jobErrors.badPayload(job.queue, payload.error);
      await this.finish(id, 'failed', null, { code: error.code, message: error.message });
      return;
    }
    const controller = new AbortController();
    this.controllers.set(id, controller);
    await updateJob(this.db, id, { status: 'running', started_at: nowIso() });
    await this.emitStatus(id);
    let lastWrite = 0;
    let latest: unknown = null;
    // Throttled progress writes, chained so each is awaited (and its failure seen) before the
    // job's final state is written; `progress()` itself stays synchronous for the trainer.
    let writes: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const history: unknown[] = [];
    try {
      const result = await worker.handler(payload.data, {
        jobId: id,
        signal: controller.signal,
        progress: (progress) => {
          latest = progress;
          this.events.emit(id, { type: 'progress', progress } satisfies JobEvent);
          const now = Date.now();
          if (now - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
            lastWrite = now;
            const json = JSON.stringify(progress);
            writes = writes
              .then(() => updateJob(this.db, id, { progress_json: json }))
              .catch((error) => {
                writeError ??= error;
              });
          }
        },
        appendHistory: async (entry) => {
          history.push(entry);
          await updateJob(this.db, id, { history_json: JSON.stringify(history) });
          this.events.emit(id, { type: 'history', entry } satisfies JobEvent);
        },
      });
      await writes;
      if (writeError) throw writeError;
      await updateJob(this.db, id, { progress_json: JSON.stringify(latest) });
      await this.finish(id, 'succeeded', result, null);
    } catch (error) {
      await writes;
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
    await this.emitStatus(id);
  }

  private async emitStatus(id: string): Promise<void> {
    const job = await this.get(id);
    if (job) this.events.emit(id, { type: 'status', job } satisfies JobEvent);
  }
}

function isFinished(job: JobRecord): boolean {
  return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.includes('.') ? code : 'jobs.failed';
}
