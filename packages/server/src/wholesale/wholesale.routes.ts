import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { wholesaleContract } from './wholesale.schemas.ts';
import * as wholesale from './wholesale.service.ts';

export function wholesaleRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, wholesaleContract, {
      listCosts: () => wholesale.listProductCosts(ctx),
      setCost: ({ params, body, principal }) =>
        wholesale.setProductCost(ctx, params.productId, body, principal),
      listPrices: () => wholesale.listWholesalePrices(ctx),
      setPrice: ({ body, principal }) => wholesale.setWholesalePrice(ctx, body, principal),
      listRetailPlans: ({ params, principal }) =>
        wholesale.listRetailPlans(ctx, params.partnerId, principal),
      createRetailPlan: ({ params, body, principal }) =>
        wholesale.createRetailPlan(ctx, params.partnerId, body, principal),
    });
  };
}
