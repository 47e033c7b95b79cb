import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { feedbackContract } from './feedback.schemas.ts';
import * as feedback from './feedback.service.ts';

export function feedbackRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, feedbackContract, {
      list: ({ principal }) => feedback.listFeedback(ctx, principal),
      create: ({ body, principal }) => feedback.createFeedback(ctx, body, principal),
      resolve: ({ params, body, principal }) =>
        feedback.resolveComplaint(ctx, params.feedbackId, body, principal),
    });
  };
}
