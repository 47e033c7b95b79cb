import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import * as rates from './exchange-rates.service.ts';
import { reportsContract } from './reports.schemas.ts';
import { channelReport } from './reports.service.ts';

export function reportRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, reportsContract, {
      channels: ({ query }) => channelReport(ctx, query),
      listRates: () => rates.listExchangeRates(ctx),
      setRate: ({ body }) => rates.setExchangeRate(ctx, body),
      removeRate: ({ params }) => rates.removeExchangeRate(ctx, params.from, params.to),
    });
  };
}
