import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { actorOf } from '../registry/registry-lifecycle.service.ts';
import { mountContract } from '../shared/mount.ts';
import { trafficContract } from './traffic.schemas.ts';
import * as traffic from './traffic.service.ts';
import { endpointHistory } from './traffic-view.ts';

/** Canary, shadow, promote, rollback and the history of an endpoint's traffic. */
export function trafficRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, trafficContract, {
      canary: ({ params, body, principal }) =>
        traffic.setCanary(ctx, params.name, body, actorOf(principal)),
      shadow: ({ params, body, principal }) =>
        traffic.setShadow(ctx, params.name, body, actorOf(principal)),
      stopShadow: ({ params, principal }) =>
        traffic.clearShadow(ctx, params.name, actorOf(principal)),
      promote: ({ params, body, principal }) =>
        traffic.promote(ctx, params.name, body, actorOf(principal)),
      rollback: ({ params, body, principal }) =>
        traffic.rollback(ctx, params.name, body, actorOf(principal)),
      history: ({ params }) => endpointHistory(ctx, params.name),
    });
  };
}
