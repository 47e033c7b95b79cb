import type { QueueDefinition, QueueName, QueuePayload, QueueResult, Queues } from './queues.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job as stored; `P` and `R` are its queue's payload and result where the queue is known. */
export interface JobRecord<P = unknown, R = unknown> {
  id: string;
  queue: QueueName;
  payload: P;
  status: JobStatus;
  progress: unknown;
  history: unknown[];
  result: R | null;
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

/** The definition of queue `Q` as {@link Queues} declares it. */
export type DefinitionOfQueue<Q extends QueueName> = QueueDefinition<
  Q,
  Queues[Q] extends QueueDefinition ? Queues[Q]['payload'] : never,
  QueueResult<Q>
>;

/**
 * The job interface: asynchronous by contract, so the in-process runner and a queue over
 * Redis (BullMQ) are interchangeable. Typed by the queue registry ({@link Queues}): a payload
 * or a handler that does not fit its queue does not compile.
 */
export interface JobQueue {
  enqueue<Q extends QueueName>(
    queue: Q,
    payload: QueuePayload<Q>,
  ): Promise<JobRecord<QueuePayload<Q>, QueueResult<Q>>>;
  get(id: string): Promise<JobRecord | undefined>;
  list(queue: QueueName, limit?: number): Promise<JobRecord[]>;
  cancel(id: string): Promise<JobRecord | undefined>;
  /** Follows a job's events; returns the unsubscribe function. */
  subscribe(id: string, listener: (event: JobEvent) => void): () => void;
  /** Resolves when the job has finished, whatever its outcome. */
  waitFor(id: string): Promise<JobRecord>;
  /** Runs this process's jobs of the queue with the handler; the definition brings the schema. */
  register<Q extends QueueName>(
    queue: DefinitionOfQueue<Q>,
    handler: JobHandler<QueuePayload<Q>, QueueResult<Q>>,
  ): void;
  /** Runs `hook` at close, after the last job: what handlers hold (a training thread) goes. */
  onClose(hook: () => Promise<void>): void;
  close(): Promise<void>;
}
