import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { dealProtectionContract } from './deal-protection.schemas.ts';
import { dealsContract } from './deals.schemas.ts';
import * as deals from './deals.service.ts';
import * as protection from './protection.service.ts';

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
      approve: ({ params, principal }) =>
        deals.decideRegistration(ctx, params.dealId, 'approved', principal),
      reject: ({ params, principal }) =>
        deals.decideRegistration(ctx, params.dealId, 'rejected', principal),
    });
    mountContract(app, ctx, dealProtectionContract, {
      getSettings: () => protection.protectionSettings(ctx),
      setSettings: ({ body, principal }) => protection.setProtectionSettings(ctx, body, principal),
      requestExtension: ({ params, body, principal }) =>
        protection.requestExtension(ctx, params.dealId, body, principal),
      approveExtension: ({ params, principal }) =>
        protection.decideExtension(ctx, params.dealId, 'approved', principal),
      rejectExtension: ({ params, principal }) =>
        protection.decideExtension(ctx, params.dealId, 'rejected', principal),
      overrideProtection: ({ params, body, principal }) =>
        protection.overrideProtection(ctx, params.dealId, body, principal),
      sweep: () => protection.sweepRegistrations(ctx),
    });
  };
}
