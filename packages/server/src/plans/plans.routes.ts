import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import type { CreatePlanInput, CreateProductInput, SubscribeInput } from './plans.schemas.ts';
import * as plans from './plans.service.ts';

const CustomerParams = z.object({ customerId: z.string().min(1) });

export function planRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    // Price lists are not tenant data: partners read them to sell.
    app.get('/api/v1/plans', access.readStaffOrPartner, () => plans.listPlans(ctx));
    app.post('/api/v1/plans', access.staff, async (request, reply) => {
      reply.code(201);
      return plans.createPlan(ctx, request.body as CreatePlanInput);
    });
    app.get('/api/v1/products', access.anyone, () => plans.listProducts(ctx));
    app.post('/api/v1/products', access.staff, async (request, reply) => {
      reply.code(201);
      return plans.createProduct(ctx, request.body as CreateProductInput);
    });
    app.get('/api/v1/subscriptions', access.anyone, (request) =>
      plans.listSubscriptions(ctx, request.principal!),
    );
    app.post(
      '/api/v1/customers/:customerId/subscriptions',
      access.staffOrPartner,
      async (request, reply) => {
        const { customerId } = parseInput(CustomerParams, request.params);
        reply.code(201);
        return plans.subscribe(ctx, customerId, request.body as SubscribeInput, request.principal!);
      },
    );
  };
}
