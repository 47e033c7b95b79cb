import type { QueueName } from './queues.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  queue: QueueName;
  payload: unknown;
  status: JobStatus;
  progress: unknown;
  history: unknown[];
  result: unknown;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type JobEvent =
  | { type: 'progress'; progress: unknown }
  | { type: 'history'; entry: unknown }
  | { type: 'status'; job: JobRecord };

/** What a job handler gets besides its payload. */
export interface JobContext {
  jobId: string;
  /** Aborted when someone cancels the job. */
  signal: AbortSignal;
  /** Live progress (every call reaches subscribers; the stored copy is throttled). */
  progress(progress: unknown): void;
  /** A durable entry of the job's history (e.g. one per epoch). */
  appendHistory(entry: unknown): Promise<void>;
}

export type JobHandler<P = unknown, R = unknown> = (payload: P, context: JobContext) => Promise<R>;

/**
 * The job interface: asynchronous by contract, so the in-process runner and a queue over
 * Redis (BullMQ) are interchangeable.
 */
export interface JobQueue {
  enqueue(queue: QueueName, payload: unknown): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  list(queue: QueueName, limit?: number): Promise<JobRecord[]>;
  cancel(id: string): Promise<JobRecord | undefined>;
  /** Follows a job's events; returns the unsubscribe function. */
  subscribe(id: string, listener: (event: JobEvent) => void): () => void;
  /** Resolves when the job has finished, whatever its outcome. */
  waitFor(id: string): Promise<JobRecord>;
  register(queue: QueueName, handler: JobHandler): void;
  close(): Promise<void>;
}
