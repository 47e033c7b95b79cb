import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { intelligenceContract } from './intelligence.schemas.ts';
import * as intelligence from './intelligence.service.ts';
import { listRefreshes } from './refresh.service.ts';
import * as triage from './triage.service.ts';

export function intelligenceRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, intelligenceContract, {
      refresh: async ({ body }) => {
        const job = await ctx.jobs.enqueue('intelligence-refresh', body);
        return { jobId: job.id, status: job.status };
      },
      refreshes: () => listRefreshes(ctx),
      models: () => intelligence.currentModels(ctx),
      segments: ({ principal }) => intelligence.getSegments(ctx, principal),
      scores: ({ query, principal }) => intelligence.getScores(ctx, query, principal),
      customer: ({ params, principal }) =>
        intelligence.getCustomerIntelligence(ctx, params.customerId, principal),
      deals: ({ principal }) => intelligence.getDealScores(ctx, principal),
      deal: ({ params, principal }) => intelligence.getDealScore(ctx, params.dealId, principal),
      leadPartners: ({ params }) => intelligence.rankLeadPartners(ctx, params.dealId),
      forecasts: ({ query, principal }) => intelligence.getForecasts(ctx, query, principal),
      opportunities: () => intelligence.getOpportunities(ctx),
      submitInquiry: ({ body, principal }) => triage.submitInquiry(ctx, body, principal),
      inquiries: ({ query, principal }) => triage.listInquiries(ctx, query, principal),
      inquiry: ({ params, principal }) => triage.getInquiry(ctx, params.inquiryId, principal),
      correctInquiry: ({ params, body, principal }) =>
        triage.correctInquiry(ctx, params.inquiryId, body, principal),
    });
  };
}
