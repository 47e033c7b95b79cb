import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { marketContract } from './market.schemas.ts';
import * as market from './market.service.ts';

export function marketRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, marketContract, {
      listCells: () => market.listMarketCells(ctx),
      addCell: ({ body }) => market.addMarketCell(ctx, body),
      getStrategy: () => market.getStrategy(ctx),
      setStrategy: ({ body }) => market.setStrategy(ctx, body),
    });
  };
}
