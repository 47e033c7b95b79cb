import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import { MdfParams } from './programme.schemas.ts';
import * as programme from './programme.service.ts';

export function programmeRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/v1/programme/promotions', access.staff, (request) =>
      programme.promotePartners(ctx, (request.body ?? {}) as never),
    );
    app.get('/api/v1/mdf', access.readStaffOrPartner, (request) =>
      programme.listMdf(ctx, request.principal!),
    );
    app.post('/api/v1/mdf', access.staffOrPartner, async (request, reply) => {
      reply.code(201);
      return programme.requestMdf(ctx, request.body as never, request.principal!);
    });
    for (const decision of ['approve', 'reject'] as const) {
      app.post(`/api/v1/mdf/:mdfId/${decision}`, access.staff, async (request) => {
        const { mdfId } = parseInput(MdfParams, request.params);
        return programme.decideMdf(ctx, mdfId, decision === 'approve' ? 'approved' : 'rejected');
      });
    }
    app.post('/api/v1/mdf/:mdfId/claim', access.staffOrPartner, async (request) => {
      const { mdfId } = parseInput(MdfParams, request.params);
      return programme.claimMdf(ctx, mdfId, request.body as never, request.principal!);
    });
    app.post('/api/v1/mdf/:mdfId/reimburse', access.staff, async (request) => {
      const { mdfId } = parseInput(MdfParams, request.params);
      return programme.reimburseMdf(ctx, mdfId, (request.body ?? {}) as never);
    });
  };
}
