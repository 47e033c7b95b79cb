import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import {
  type CreateDealInput,
  DealParams,
  type MoveDealInput,
  OfferSchema,
} from './deals.schemas.ts';
import * as deals from './deals.service.ts';

export function dealRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/deals', access.readStaffOrPartner, (request) =>
      deals.listDeals(ctx, request.principal!),
    );
    app.post('/api/v1/deals', access.staffOrPartner, async (request, reply) => {
      reply.code(201);
      return deals.createDeal(ctx, request.body as CreateDealInput, request.principal!);
    });
    app.get('/api/v1/deals/:dealId', access.readStaffOrPartner, async (request) => {
      const { dealId } = parseInput(DealParams, request.params);
      return deals.getDeal(ctx, dealId, request.principal!);
    });
    app.post('/api/v1/deals/:dealId/stage', access.staffOrPartner, async (request) => {
      const { dealId } = parseInput(DealParams, request.params);
      return deals.moveDeal(ctx, dealId, request.body as MoveDealInput, request.principal!);
    });
    app.post('/api/v1/deals/:dealId/offer', access.staff, async (request) => {
      const { dealId } = parseInput(DealParams, request.params);
      const { partnerId } = parseInput(OfferSchema, request.body, 'offer');
      return deals.offerLead(ctx, dealId, partnerId);
    });
    for (const answer of ['accept', 'decline'] as const) {
      app.post(`/api/v1/deals/:dealId/${answer}`, access.roles('partner'), async (request) => {
        const { dealId } = parseInput(DealParams, request.params);
        return deals.answerOffer(ctx, dealId, answer, request.principal!);
      });
    }
    app.post('/api/v1/deals/:dealId/approve', access.staff, async (request) => {
      const { dealId } = parseInput(DealParams, request.params);
      return deals.decideRegistration(ctx, dealId, 'approved');
    });
    app.post('/api/v1/deals/:dealId/reject', access.staff, async (request) => {
      const { dealId } = parseInput(DealParams, request.params);
      return deals.decideRegistration(ctx, dealId, 'rejected');
    });
  };
}
