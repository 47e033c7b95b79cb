import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { programmeContract } from './programme.schemas.ts';
import * as programme from './programme.service.ts';
import * as tiers from './tier-review.service.ts';
import { tierRulesContract } from './tier-rules.schemas.ts';

export function programmeRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, programmeContract, {
      promote: ({ body }) => programme.promotePartners(ctx, body),
      listMdf: ({ principal }) => programme.listMdf(ctx, principal),
      requestMdf: ({ body, principal }) => programme.requestMdf(ctx, body, principal),
      approveMdf: ({ params }) => programme.decideMdf(ctx, params.mdfId, 'approved'),
      rejectMdf: ({ params }) => programme.decideMdf(ctx, params.mdfId, 'rejected'),
      claimMdf: ({ params, body, principal }) =>
        programme.claimMdf(ctx, params.mdfId, body, principal),
      reimburseMdf: ({ params, body }) => programme.reimburseMdf(ctx, params.mdfId, body),
    });
    mountContract(app, ctx, tierRulesContract, {
      getRules: () => tiers.tierRules(ctx),
      setRules: ({ body, principal }) => tiers.setTierRules(ctx, body, principal),
      listReviews: () => tiers.listTierReviews(ctx),
      progress: ({ params, principal }) => tiers.tierProgress(ctx, params.partnerId, principal),
    });
  };
}
