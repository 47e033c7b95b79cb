import type { AppContext } from '../context.ts';
import { withJobFailures } from './job-failures.ts';
import { trainingJobHandler } from './training.job.ts';
import { crossValidationQueue, searchQueue, trainingQueue } from './training.queues.ts';
import { crossValidationJobHandler } from './training-cv.job.ts';
import { searchJobHandler } from './training-search.job.ts';

/**
 * Training's queues and their handlers, registered on the context's job runner at start; every
 * failure of a handler is a stable code and a sentence (job-failures.ts).
 */
export function registerTrainingWorkers(ctx: AppContext): void {
  ctx.jobs.register(trainingQueue, withJobFailures(trainingJobHandler(ctx)));
  ctx.jobs.register(searchQueue, withJobFailures(searchJobHandler(ctx)));
  ctx.jobs.register(crossValidationQueue, withJobFailures(crossValidationJobHandler(ctx)));
}
