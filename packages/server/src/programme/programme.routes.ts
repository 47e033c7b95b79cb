import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { applicationsContract } from './applications.schemas.ts';
import * as applications from './applications.service.ts';
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
    mountContract(app, ctx, applicationsContract, {
      // Public routes: the applicant's token is the only credential; `principal` is not used.
      submit: ({ body }) => applications.submitApplication(ctx, body),
      mine: ({ params, request }) =>
        applications.getOwnApplication(
          ctx,
          params.applicationId,
          String(request.headers['x-application-token'] ?? ''),
        ),
      reply: ({ params, body }) => applications.replyToApplication(ctx, params.applicationId, body),
      acceptTerms: ({ params, body }) =>
        applications.acceptApplicationTerms(ctx, params.applicationId, body),
      list: () => applications.listApplications(ctx),
      requestInfo: ({ params, body, principal }) =>
        applications.requestInfo(ctx, params.applicationId, body, principal),
      approve: ({ params, body, principal }) =>
        applications.approveApplication(ctx, params.applicationId, body, principal),
      reject: ({ params, body, principal }) =>
        applications.rejectApplication(ctx, params.applicationId, body, principal),
      publishTerms: ({ body, principal }) =>
        applications.publishProgrammeTerms(ctx, body, principal),
      currentTerms: () => applications.currentTerms(ctx),
    });
    mountContract(app, ctx, tierRulesContract, {
      getRules: () => tiers.tierRules(ctx),
      setRules: ({ body, principal }) => tiers.setTierRules(ctx, body, principal),
      listReviews: () => tiers.listTierReviews(ctx),
      progress: ({ params, principal }) => tiers.tierProgress(ctx, params.partnerId, principal),
    });
  };
}
