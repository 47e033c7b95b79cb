import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import {
  EventsQuerySchema,
  listUsageEvents,
  UsageQuerySchema,
  usageBy,
} from './metering.service.ts';

export function meteringRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/usage', access.anyone, async (request) => {
      const { by, period } = parseInput(UsageQuerySchema, request.query, 'usage query');
      return usageBy(ctx, by, (ids) => ctx.endpoints.namesOf(ids), {
        viewer: request.principal!,
        period,
      });
    });
    app.get('/api/v1/usage/events', access.anyone, async (request) => {
      const query = parseInput(EventsQuerySchema, request.query, 'events query');
      return listUsageEvents(ctx, query, request.principal!);
    });
  };
}
