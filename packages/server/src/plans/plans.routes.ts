import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { plansContract } from './plans.schemas.ts';
import * as plans from './plans.service.ts';

export function planRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, plansContract, {
      listPlans: () => plans.listPlans(ctx),
      createPlan: ({ body }) => plans.createPlan(ctx, body),
      listProducts: () => plans.listProducts(ctx),
      createProduct: ({ body }) => plans.createProduct(ctx, body),
      listSubscriptions: ({ principal }) => plans.listSubscriptions(ctx, principal),
      subscribe: ({ params, body, principal }) =>
        plans.subscribe(ctx, params.customerId, body, principal),
    });
  };
}
