import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import {
  type CreateCustomerInput,
  type CreatePartnerInput,
  CustomerParams,
  PartnerParams,
  type UpdatePartnerInput,
} from './channels.schemas.ts';
import * as channels from './channels.service.ts';

export function channelRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/partners', access.readStaffOrPartner, (request) =>
      channels.listPartners(ctx, request.principal!),
    );
    app.post('/api/v1/partners', access.staff, async (request, reply) => {
      reply.code(201);
      return channels.createPartner(ctx, request.body as CreatePartnerInput);
    });
    app.get('/api/v1/partners/:partnerId', access.readStaffOrPartner, async (request) => {
      const { partnerId } = parseInput(PartnerParams, request.params);
      return channels.getPartner(ctx, partnerId, request.principal!);
    });
    app.patch('/api/v1/partners/:partnerId', access.staff, async (request) => {
      const { partnerId } = parseInput(PartnerParams, request.params);
      return channels.updatePartner(ctx, partnerId, request.body as UpdatePartnerInput);
    });
    app.get('/api/v1/customers', access.readStaffOrPartner, (request) =>
      channels.listCustomers(ctx, request.principal!),
    );
    app.post('/api/v1/customers', access.staffOrPartner, async (request, reply) => {
      reply.code(201);
      return channels.createCustomer(ctx, request.body as CreateCustomerInput, request.principal!);
    });
    app.get('/api/v1/customers/:customerId', access.anyone, async (request) => {
      const { customerId } = parseInput(CustomerParams, request.params);
      return channels.getCustomer(ctx, customerId, request.principal!);
    });
  };
}
