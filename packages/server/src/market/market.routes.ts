import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import * as market from './market.service.ts';

export function marketRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/market/cells', access.staffRead, () => market.listMarketCells(ctx));
    app.post('/api/v1/market/cells', access.staff, async (request, reply) => {
      reply.code(201);
      return market.addMarketCell(ctx, request.body as never);
    });
    app.get('/api/v1/strategy', access.staffRead, () => market.getStrategy(ctx));
    app.put('/api/v1/strategy', access.staff, (request) =>
      market.setStrategy(ctx, request.body as never),
    );
  };
}
