import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import * as tokens from './access-tokens.service.ts';
import * as keys from './api-keys.service.ts';
import { authContract } from './auth.schemas.ts';
import { describePrincipal } from './auth.service.ts';
import { consoleContract } from './console-sign-in.schemas.ts';
import { redeemConsoleSignIn } from './console-sign-in.service.ts';

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
      signIn: ({ body }) => redeemConsoleSignIn(ctx, body.code),
    });
  };
}
