import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import { streamJobEvents } from './training.events.ts';
import type {
  EvaluateInput,
  StartCrossValidationInput,
  StartSearchInput,
  StartTrainingInput,
} from './training.schemas.ts';
import * as training from './training.service.ts';
import { evaluateVersion } from './training-eval.service.ts';
import * as runs from './training-runs.service.ts';

const IdParams = z.object({ id: z.string().min(1) });
const RunsQuery = z.object({
  experiment: z.string().optional(),
  job: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const CompareQuery = z.object({ a: z.string().min(1), b: z.string().min(1) });

export function trainingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/training/jobs', access.owner, () => training.listTrainingJobs(ctx));

    app.post('/api/v1/training/jobs', access.owner, async (request, reply) => {
      reply.code(202);
      return training.startTraining(ctx, request.body as StartTrainingInput);
    });

    app.post('/api/v1/training/searches', access.owner, async (request, reply) => {
      reply.code(202);
      return training.startSearch(ctx, request.body as StartSearchInput);
    });

    app.post('/api/v1/training/cross-validations', access.owner, async (request, reply) => {
      reply.code(202);
      return training.startCrossValidation(ctx, request.body as StartCrossValidationInput);
    });

    app.get('/api/v1/training/jobs/:id', access.owner, async (request) => {
      const { id } = parseInput(IdParams, request.params);
      return training.getTrainingJob(ctx, id);
    });

    app.get('/api/v1/training/jobs/:id/events', access.owner, async (request, reply) => {
      const { id } = parseInput(IdParams, request.params);
      await streamJobEvents(ctx, await training.getTrainingJob(ctx, id), request, reply);
    });

    app.post('/api/v1/training/jobs/:id/cancel', access.owner, async (request) => {
      const { id } = parseInput(IdParams, request.params);
      return training.cancelTrainingJob(ctx, id);
    });

    app.get('/api/v1/training/runs', access.owner, async (request) => {
      const query = parseInput(RunsQuery, request.query);
      return runs.listRuns(ctx, {
        experiment: query.experiment,
        jobId: query.job,
        limit: query.limit,
      });
    });

    app.get('/api/v1/training/runs/compare', access.owner, async (request) => {
      const { a, b } = parseInput(CompareQuery, request.query);
      return runs.compareRuns(ctx, a, b);
    });

    app.post('/api/v1/evaluations', access.owner, async (request) =>
      evaluateVersion(ctx, request.body as EvaluateInput),
    );

    app.get('/api/v1/training/runs/:id', access.owner, async (request) => {
      const { id } = parseInput(IdParams, request.params);
      return runs.getRun(ctx, id);
    });
  };
}
