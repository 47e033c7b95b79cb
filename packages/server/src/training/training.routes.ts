import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { access } from '../auth/access.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../shared/validate.ts';
import type { StartTrainingInput } from './training.schemas.ts';
import * as training from './training.service.ts';

const JobParams = z.object({ id: z.string().min(1) });

export function trainingRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/training/jobs', access.owner, () => training.listTrainingJobs(ctx));

    app.post('/api/v1/training/jobs', access.owner, async (request, reply) => {
      reply.code(202);
      return training.startTraining(ctx, request.body as StartTrainingInput);
    });

    app.get('/api/v1/training/jobs/:id', access.owner, async (request) => {
      const { id } = parseInput(JobParams, request.params);
      return training.getTrainingJob(ctx, id);
    });

    app.post('/api/v1/training/jobs/:id/cancel', access.owner, async (request) => {
      const { id } = parseInput(JobParams, request.params);
      return training.cancelTrainingJob(ctx, id);
    });
  };
}
