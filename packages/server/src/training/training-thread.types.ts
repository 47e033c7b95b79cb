import type { Config, homePaths } from '../config.ts';
import type { TRAINING_QUEUES } from './training.queues.ts';

/** What a training thread is started with (structured-cloned into the worker). */
export interface TrainingThreadData {
  config: Config;
  paths: ReturnType<typeof homePaths>;
}

export type TrainingQueueName = (typeof TRAINING_QUEUES)[number];

/** The thread's error, as the job will carry it: the handler's code, status and sentence. */
export interface ThreadError {
  code: string;
  status: number;
  message: string;
  details?: unknown;
}

/** Thread → runner. A history entry is awaited: the thread goes on once the runner wrote it. */
export type ThreadMessage =
  | { type: 'progress'; progress: unknown }
  | { type: 'history'; id: number; entry: unknown }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ThreadError };

/** Runner → thread: one job at a time. */
export type RunnerMessage =
  | { type: 'run'; queue: TrainingQueueName; jobId: string; payload: unknown }
  | { type: 'cancel' }
  | { type: 'ack'; id: number; error?: string };
