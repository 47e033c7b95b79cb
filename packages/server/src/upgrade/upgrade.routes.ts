import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { actorOf } from '../registry/registry-lifecycle.service.ts';
import { mountContract } from '../shared/mount.ts';
import { upgradeContract } from './upgrade.schemas.ts';
import { getRun, listRuns, startRetrain } from './upgrade.service.ts';
import { getPolicy, setPolicy } from './upgrade-policy.service.ts';

export function upgradeRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, upgradeContract, {
      retrain: ({ params, body, principal }) =>
        startRetrain(ctx, params.name, body, actorOf(principal)),
      listRuns: ({ query }) => listRuns(ctx, query),
      getRun: ({ params }) => getRun(ctx, params.runId),
      getPolicy: ({ params }) => getPolicy(ctx, params.name),
      setPolicy: ({ params, body, principal }) =>
        setPolicy(ctx, params.name, body, actorOf(principal)),
    });
  };
}
