import type { FastifyPluginAsync } from 'fastify';
import { access } from '../auth/access.ts';
import type { AppContext } from '../context.ts';
import type { CreateCustomerInput, CreatePartnerInput } from './channels.schemas.ts';
import * as channels from './channels.service.ts';

export function channelRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/partners', access.owner, () => channels.listPartners(ctx));
    app.post('/api/v1/partners', access.owner, async (request, reply) => {
      reply.code(201);
      return channels.createPartner(ctx, request.body as CreatePartnerInput);
    });
    app.get('/api/v1/customers', access.owner, () => channels.listCustomers(ctx));
    app.post('/api/v1/customers', access.owner, async (request, reply) => {
      reply.code(201);
      return channels.createCustomer(ctx, request.body as CreateCustomerInput);
    });
  };
}
