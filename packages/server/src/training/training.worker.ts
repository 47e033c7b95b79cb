import type { AppContext } from '../context.ts';
import { crossValidationQueue, searchQueue, trainingQueue } from './training.queues.ts';
import { TrainingThread } from './training-thread.ts';

/**
 * Training's queues and their handlers, registered on the context's job runner at start. The
 * jobs run in the context's training thread (training-thread.ts), so a serving process's event loop
 * never runs a training step; every failure of a handler is a stable code and a sentence
 * (job-failures.ts, applied in the thread).
 */
export function registerTrainingWorkers(ctx: AppContext): void {
  const thread = new TrainingThread(ctx);
  ctx.jobs.register(trainingQueue, thread.handler('training'));
  ctx.jobs.register(searchQueue, thread.handler('training-search'));
  ctx.jobs.register(crossValidationQueue, thread.handler('training-cv'));
  ctx.jobs.onClose(() => thread.close());
}
