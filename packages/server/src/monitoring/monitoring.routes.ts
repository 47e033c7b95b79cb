import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { listAlerts } from './alerts.service.ts';
import { driftReport } from './drift.service.ts';
import { giveFeedback } from './ground-truth.service.ts';
import { endpointLive } from './live.service.ts';
import { monitoringContract } from './monitoring.schemas.ts';
import { getPrediction, listPredictions, listRollups } from './prediction-log.service.ts';

export function monitoringRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, monitoringContract, {
      listPredictions: ({ query, principal }) => listPredictions(ctx, query, principal),
      getPrediction: ({ params, principal }) => getPrediction(ctx, params.predictionId, principal),
      feedback: ({ params, body, principal }) =>
        giveFeedback(ctx, params.predictionId, body, principal),
      live: ({ params, query }) => endpointLive(ctx, params.name, query),
      drift: ({ params, query }) => driftReport(ctx, params.name, query),
      checkDrift: ({ params, query }) => driftReport(ctx, params.name, query, { record: true }),
      alerts: ({ query }) => listAlerts(ctx, query),
      rollups: ({ query }) => listRollups(ctx, query),
    });
  };
}
