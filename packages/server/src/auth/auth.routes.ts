import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import * as tokens from './access-tokens.service.ts';
import * as keys from './api-keys.service.ts';
import { authErrors } from './auth.errors.ts';
import { authContract } from './auth.schemas.ts';
import { describePrincipal } from './auth.service.ts';
import { consoleContract } from './console-sessions.schemas.ts';
import {
  CSRF_HEADER,
  createConsoleSession,
  csrfMatches,
  endConsoleSession,
  resolveConsoleSession,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  sessionView,
} from './console-sessions.service.ts';
import { invitationsContract } from './invitations.schemas.ts';
import * as invitations from './invitations.service.ts';

/** The session cookie: script cannot read it, other sites do not send it; Secure over HTTPS. */
const COOKIE_OPTIONS = {
  path: '/',
  httpOnly: true,
  sameSite: 'strict',
  secure: 'auto',
} as const;

export function authRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, authContract, {
      me: ({ principal }) => describePrincipal(principal),
      createKey: ({ params, body, principal }) =>
        keys.createApiKey(ctx, params.customerId, body, principal),
      listKeys: ({ params, principal }) => keys.listApiKeys(ctx, params.customerId, principal),
      revokeKey: ({ params, principal }) => keys.revokeApiKey(ctx, params.keyId, principal),
      rotateKey: ({ params, principal }) => keys.rotateApiKey(ctx, params.keyId, principal),
      listTokens: () => tokens.listAccessTokens(ctx),
      createToken: ({ body, principal }) => tokens.createAccessToken(ctx, body, principal),
      revokeToken: ({ params, principal }) =>
        tokens.revokeAccessToken(ctx, params.tokenId, principal),
    });
    mountContract(app, ctx, consoleContract, {
      createSession: async ({ body, reply }) => {
        const { secret, session } = await createConsoleSession(ctx, body);
        reply.setCookie(SESSION_COOKIE, secret, {
          ...COOKIE_OPTIONS,
          maxAge: Math.floor(SESSION_TTL_MS / 1000),
        });
        return session;
      },
      getSession: async ({ request }) =>
        sessionView(await resolveConsoleSession(ctx, request.cookies[SESSION_COOKIE])),
      endSession: async ({ request, reply }) => {
        const session = await resolveConsoleSession(ctx, request.cookies[SESSION_COOKIE]);
        if (!csrfMatches(session, request.headers[CSRF_HEADER])) throw authErrors.csrfFailed();
        await endConsoleSession(ctx, session.id);
        reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
      },
    });
    mountContract(app, ctx, invitationsContract, {
      list: () => invitations.listMemberInvitations(ctx),
      create: ({ body, principal }) => invitations.inviteMember(ctx, body, principal),
      revoke: ({ params, principal }) =>
        invitations.revokeMemberInvitation(ctx, params.invitationId, principal),
    });
  };
}
