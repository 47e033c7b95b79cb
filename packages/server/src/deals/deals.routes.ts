import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { dealsContract } from './deals.schemas.ts';
import * as deals from './deals.service.ts';

export function dealRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, dealsContract, {
      list: ({ principal }) => deals.listDeals(ctx, principal),
      create: ({ body, principal }) => deals.createDeal(ctx, body, principal),
      get: ({ params, principal }) => deals.getDeal(ctx, params.dealId, principal),
      move: ({ params, body, principal }) => deals.moveDeal(ctx, params.dealId, body, principal),
      offer: ({ params, body }) => deals.offerLead(ctx, params.dealId, body.partnerId),
      accept: ({ params, principal }) => deals.answerOffer(ctx, params.dealId, 'accept', principal),
      decline: ({ params, principal }) =>
        deals.answerOffer(ctx, params.dealId, 'decline', principal),
      approve: ({ params }) => deals.decideRegistration(ctx, params.dealId, 'approved'),
      reject: ({ params }) => deals.decideRegistration(ctx, params.dealId, 'rejected'),
    });
  };
}
