import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { channelsContract } from './channels.schemas.ts';
import * as channels from './channels.service.ts';

export function channelRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, channelsContract, {
      listPartners: ({ principal }) => channels.listPartners(ctx, principal),
      createPartner: ({ body }) => channels.createPartner(ctx, body),
      getPartner: ({ params, principal }) => channels.getPartner(ctx, params.partnerId, principal),
      updatePartner: ({ params, body }) => channels.updatePartner(ctx, params.partnerId, body),
      listCustomers: ({ principal }) => channels.listCustomers(ctx, principal),
      createCustomer: ({ body, principal }) => channels.createCustomer(ctx, body, principal),
      getCustomer: ({ params, principal }) =>
        channels.getCustomer(ctx, params.customerId, principal),
    });
  };
}
