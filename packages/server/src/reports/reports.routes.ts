import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import type { ReportQuery } from './reports.schemas.ts';
import { channelReport } from './reports.service.ts';

export function reportRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/reports/channels', access.staffRead, (request) =>
      channelReport(ctx, request.query as ReportQuery),
    );
  };
}
