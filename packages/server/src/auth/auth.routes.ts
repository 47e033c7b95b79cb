import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import * as tokens from './access-tokens.service.ts';
import * as keys from './api-keys.service.ts';
import { type CreateAccessTokenInput, type CreateApiKeyInput, IdParams } from './auth.schemas.ts';

export function authRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/me', access.anyone, (request) => request.principal);

    app.post('/api/v1/customers/:customerId/keys', access.anyoneWriting, async (request, reply) => {
      const { customerId } = parseInput(IdParams.customer, request.params);
      reply.code(201);
      return keys.createApiKey(
        ctx,
        customerId,
        (request.body ?? {}) as CreateApiKeyInput,
        request.principal!,
      );
    });
    app.get('/api/v1/customers/:customerId/keys', access.anyone, async (request) => {
      const { customerId } = parseInput(IdParams.customer, request.params);
      return keys.listApiKeys(ctx, customerId, request.principal!);
    });
    app.post('/api/v1/keys/:keyId/revoke', access.anyoneWriting, async (request) => {
      const { keyId } = parseInput(IdParams.key, request.params);
      return keys.revokeApiKey(ctx, keyId, request.principal!);
    });
    app.post('/api/v1/keys/:keyId/rotate', access.anyoneWriting, async (request, reply) => {
      const { keyId } = parseInput(IdParams.key, request.params);
      reply.code(201);
      return keys.rotateApiKey(ctx, keyId, request.principal!);
    });

    app.get('/api/v1/access-tokens', access.staff, () => tokens.listAccessTokens(ctx));
    app.post('/api/v1/access-tokens', access.staff, async (request, reply) => {
      reply.code(201);
      return tokens.createAccessToken(
        ctx,
        request.body as CreateAccessTokenInput,
        request.principal!,
      );
    });
    app.post('/api/v1/access-tokens/:tokenId/revoke', access.staff, async (request) => {
      const { tokenId } = parseInput(IdParams.token, request.params);
      return tokens.revokeAccessToken(ctx, tokenId);
    });
  };
}
