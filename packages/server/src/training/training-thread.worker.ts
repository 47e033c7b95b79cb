import { parentPort, workerData } from 'node:worker_threads';
import type { JobContext } from '../jobs/job.ts';
import { isAppError } from '../shared/app-error.ts';
import { withJobFailures } from './job-failures.ts';
import { trainingJobHandler } from './training.job.ts';
import { crossValidationJobHandler } from './training-cv.job.ts';
import { searchJobHandler } from './training-search.job.ts';
import { openTrainingThreadContext } from './training-thread.context.ts';
import type {
  RunnerMessage,
  ThreadError,
  ThreadMessage,
  TrainingThreadData,
} from './training-thread.types.ts';

// The training thread: opens the workspace once, then runs the jobs its runner sends, one at a
// time (the runner runs one job at a time), until the runner ends it.
const port = parentPort!;
const post = (message: ThreadMessage) => port.postMessage(message);
const ctx = await openTrainingThreadContext(workerData as TrainingThreadData);
const handlers = {
  training: withJobFailures(trainingJobHandler(ctx)),
  'training-search': withJobFailures(searchJobHandler(ctx)),
  'training-cv': withJobFailures(crossValidationJobHandler(ctx)),
} as const;

let controller = new AbortController();
const acks = new Map<number, { resolve(): void; reject(error: Error): void }>();
let nextId = 1;

function threadError(error: unknown): ThreadError {
  if (!isAppError(error)) return { code: 'training.failed', status: 500, message: String(error) };
  return {
    code: error.code,
    status: error.status,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

async function run(message: Extract<RunnerMessage, { type: 'run' }>): Promise<void> {
  controller = new AbortController();
  const job: JobContext = {
    jobId: message.jobId,
    signal: controller.signal,
    progress: (progress) => post({ type: 'progress', progress }),
    appendHistory: (entry) =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        acks.set(id, { resolve, reject });
        post({ type: 'history', id, entry });
      }),
  };
  const handler = handlers[message.queue] as (p: unknown, j: JobContext) => Promise<unknown>;
  try {
    post({ type: 'done', result: await handler(message.payload, job) });
  } catch (error) {
    post({ type: 'failed', error: threadError(error) });
  }
}

port.on('message', (message: RunnerMessage) => {
  if (message.type === 'run') void run(message);
  else if (message.type === 'cancel') controller.abort();
  else {
    const ack = acks.get(message.id);
    acks.delete(message.id);
    if (message.error) ack?.reject(new Error(message.error));
    else ack?.resolve();
  }
});
