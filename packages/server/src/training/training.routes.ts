import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { streamJobEvents } from './training.events.ts';
import { trainingContract } from './training.schemas.ts';
import * as training from './training.service.ts';
import { evaluateVersion } from './training-eval.service.ts';
import * as runs from './training-runs.service.ts';

/** Training jobs (train, search, cross-validate), their live events, runs and evaluations. */
export function trainingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, trainingContract, {
      listJobs: () => training.listTrainingJobs(ctx),
      start: ({ body }) => training.startTraining(ctx, body),
      startSearch: ({ body }) => training.startSearch(ctx, body),
      startCrossValidation: ({ body }) => training.startCrossValidation(ctx, body),
      getJob: ({ params }) => training.getTrainingJob(ctx, params.id),
      events: async ({ params, request, reply }) =>
        streamJobEvents(ctx, await training.getTrainingJob(ctx, params.id), request, reply),
      cancel: ({ params }) => training.cancelTrainingJob(ctx, params.id),
      listRuns: ({ query }) =>
        runs.listRuns(ctx, { experiment: query.experiment, jobId: query.job, limit: query.limit }),
      compareRuns: ({ query }) => runs.compareRuns(ctx, query.a, query.b),
      getRun: ({ params }) => runs.getRun(ctx, params.id),
      evaluate: ({ body }) => evaluateVersion(ctx, body),
    });
  };
}
