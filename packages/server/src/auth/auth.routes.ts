import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { parseInput } from '../shared/validate.ts';
import { access } from './access.ts';
import * as auth from './auth.service.ts';

const CustomerParams = z.object({ id: z.string().min(1) });

export function authRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/v1/customers/:id/keys', access.owner, async (request, reply) => {
      const { id } = parseInput(CustomerParams, request.params);
      reply.code(201);
      return auth.createApiKey(ctx, id);
    });
    app.get('/api/v1/customers/:id/keys', access.owner, async (request) => {
      const { id } = parseInput(CustomerParams, request.params);
      return auth.listApiKeys(ctx, id);
    });
    app.post('/api/v1/keys/:id/revoke', access.owner, async (request) => {
      const { id } = parseInput(CustomerParams, request.params);
      return auth.revokeApiKey(ctx, id);
    });
  };
}
