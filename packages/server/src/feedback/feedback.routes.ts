import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import { FeedbackParams } from './feedback.schemas.ts';
import * as feedback from './feedback.service.ts';

export function feedbackRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/feedback', access.anyone, (request) =>
      feedback.listFeedback(ctx, request.principal!),
    );
    app.post('/api/v1/feedback', access.anyoneWriting, async (request, reply) => {
      reply.code(201);
      return feedback.createFeedback(ctx, request.body as never, request.principal!);
    });
    app.post('/api/v1/feedback/:feedbackId/resolve', access.staffOrPartner, async (request) => {
      const { feedbackId } = parseInput(FeedbackParams, request.params);
      return feedback.resolveComplaint(
        ctx,
        feedbackId,
        (request.body ?? {}) as never,
        request.principal!,
      );
    });
  };
}
