import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { testProvider } from './provider-test.service.ts';
import { providersContract } from './providers.schemas.ts';
import * as providers from './providers.service.ts';

export function providerRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, providersContract, {
      create: ({ body }) => providers.createProvider(ctx, body),
      list: () => providers.listProviders(ctx),
      get: ({ params }) => providers.getProvider(ctx, params.providerId),
      update: ({ params, body }) => providers.updateProvider(ctx, params.providerId, body),
      remove: ({ params }) => providers.deleteProvider(ctx, params.providerId),
      test: ({ params, body }) => testProvider(ctx, params.providerId, body),
    });
  };
}
