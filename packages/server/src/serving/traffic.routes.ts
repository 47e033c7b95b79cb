import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { actorOf } from '../registry/registry-lifecycle.service.ts';
import { mountContract } from '../shared/mount.ts';
import { getEndpoint } from './serving.service.ts';
import { trafficContract } from './traffic.schemas.ts';
import * as traffic from './traffic.service.ts';

/** Canary, shadow, promote, rollback and the history of an endpoint's traffic. */
export function trafficRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, trafficContract, {
      canary: ({ params, body, principal }) =>
        traffic.setCanary(ctx, params.name, body, actorOf(principal), getEndpoint),
      shadow: ({ params, body, principal }) =>
        traffic.setShadow(ctx, params.name, body, actorOf(principal), getEndpoint),
      stopShadow: ({ params, principal }) =>
        traffic.clearShadow(ctx, params.name, actorOf(principal), getEndpoint),
      promote: ({ params, body, principal }) =>
        traffic.promote(ctx, params.name, body, actorOf(principal), getEndpoint),
      rollback: ({ params, body, principal }) =>
        traffic.rollback(ctx, params.name, body, actorOf(principal), getEndpoint),
      history: ({ params }) => traffic.endpointHistory(ctx, params.name),
    });
  };
}
