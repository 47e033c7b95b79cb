import { Worker } from 'node:worker_threads';
import type { AppContext } from '../context.ts';
import type { JobContext, JobHandler } from '../jobs/job.ts';
import type { QueuePayload, QueueResult } from '../jobs/queues.ts';
import { AppError } from '../shared/app-error.ts';
import { trainingErrors } from './training.errors.ts';
import type {
  RunnerMessage,
  ThreadMessage,
  TrainingQueueName,
  TrainingThreadData,
} from './training-thread.types.ts';

const ENTRY = new URL('./training-thread.worker.mjs', import.meta.url);
/** How long a cancelled job may take to stop at its next batch before its thread is ended. */
const CANCEL_GRACE_MS = 10_000;
/** An idle thread is ended after this long; the next job starts a fresh one (about 2 s). */
const IDLE_MS = 15_000;

interface Current {
  job: JobContext;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * The worker thread a context's training jobs run in, never on the event loop of the process
 * (a server answering predictions). The thread opens its own connection to the workspace and
 * its own ML backend once, then runs the jobs it is sent one at a time (the runner runs one at
 * a time): progress and history come back as messages (each history entry written by the
 * runner before the thread goes on); a cancel stops the job at its next batch.
 */
export class TrainingThread {
  private worker: Worker | null = null;
  private current: Current | null = null;
  private idle: NodeJS.Timeout | undefined;
  private grace: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: AppContext) {}

  /** The job runner's handler of `queue`: the job, run in this thread. */
  handler<Q extends TrainingQueueName>(queue: Q): JobHandler<QueuePayload<Q>, QueueResult<Q>> {
    return (payload, job) => this.run(queue, payload, job) as Promise<QueueResult<Q>>;
  }

  run(queue: TrainingQueueName, payload: unknown, job: JobContext): Promise<unknown> {
    if (this.current) throw new Error('the training thread runs one job at a time');
    clearTimeout(this.idle);
    const worker = this.worker ?? this.spawn();
    return new Promise((resolve, reject) => {
      const onAbort = () => this.cancel(worker);
      this.current = {
        job,
        resolve: (result) => {
          job.signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: (error) => {
          job.signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      this.send(worker, { type: 'run', queue, jobId: job.jobId, payload });
      if (job.signal.aborted) onAbort();
      else job.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = null;
    this.settle((current) => current.reject(trainingErrors.threadFailed('the server is closing')));
    await worker?.terminate();
  }

  private spawn(): Worker {
    const data: TrainingThreadData = { config: this.ctx.config, paths: this.ctx.paths };
    // The parent's loader flags (tsx, vitest) are not the thread's; it registers tsx itself.
    const worker = new Worker(ENTRY, { workerData: data, execArgv: [] });
    worker.unref();
    this.worker = worker;
    worker.on('message', (message: ThreadMessage) => this.onMessage(worker, message));
    worker.on('error', (error) => this.lost(worker, error.message));
    worker.on('exit', (code) => this.lost(worker, `the thread exited with code ${code}`));
    return worker;
  }

  private onMessage(worker: Worker, message: ThreadMessage): void {
    const current = this.current;
    if (!current || worker !== this.worker) return;
    switch (message.type) {
      case 'progress':
        current.job.progress(message.progress);
        break;
      case 'history':
        current.job.appendHistory(message.entry).then(
          () => this.send(worker, { type: 'ack', id: message.id }),
          (error: Error) =>
            this.send(worker, { type: 'ack', id: message.id, error: error.message }),
        );
        break;
      case 'done':
        this.settle((c) => c.resolve(message.result));
        this.idleOut(worker);
        break;
      case 'failed': {
        const { code, status, message: sentence, details } = message.error;
        this.settle((c) => c.reject(new AppError(code, status, sentence, details)));
        this.idleOut(worker);
        break;
      }
    }
  }

  private cancel(worker: Worker): void {
    this.send(worker, { type: 'cancel' });
    this.grace = setTimeout(() => {
      // Stuck inside one step: end the thread; the next job starts a fresh one.
      if (this.worker === worker) this.worker = null;
      this.settle((c) =>
        c.reject(trainingErrors.threadFailed('cancelled; it did not stop in time')),
      );
      void worker.terminate();
    }, CANCEL_GRACE_MS);
    this.grace.unref();
  }

  /** The thread died (out of memory, a native crash): the job fails, the next one respawns. */
  private lost(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    this.worker = null;
    this.settle((c) => c.reject(trainingErrors.threadFailed(why)));
  }

  private settle(outcome: (current: Current) => void): void {
    clearTimeout(this.grace);
    const current = this.current;
    this.current = null;
    if (current) outcome(current);
  }

  private idleOut(worker: Worker): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.worker !== worker || this.current) return;
      this.worker = null;
      void worker.terminate();
    }, IDLE_MS);
    this.idle.unref();
  }

  private send(worker: Worker, message: RunnerMessage): void {
    worker.postMessage(message);
  }
}
