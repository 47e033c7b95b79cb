import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { partnerUsersContract } from './partner-users.schemas.ts';
import * as users from './partner-users.service.ts';

export function partnerUserRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, partnerUsersContract, {
      list: ({ params, principal }) => users.listPartnerUsers(ctx, params.partnerId, principal),
      invite: ({ params, body, principal }) =>
        users.invitePartnerUser(ctx, params.partnerId, body, principal),
      accept: ({ body }) => users.acceptInvitation(ctx, body),
      revoke: ({ params, principal }) => users.revokePartnerUser(ctx, params.userId, principal),
      certify: ({ params, body, principal }) =>
        users.certifyPartnerUser(ctx, params.userId, body, principal),
    });
  };
}
