import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { meteringContract } from './metering.schemas.ts';
import { listUsageEvents, usageBy } from './metering.service.ts';

export function meteringRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, meteringContract, {
      usage: ({ query, principal }) =>
        usageBy(ctx, query.by, (ids) => ctx.endpoints.namesOf(ids), {
          viewer: principal,
          period: query.period,
        }),
      events: ({ query, principal }) => listUsageEvents(ctx, query, principal),
    });
  };
}
