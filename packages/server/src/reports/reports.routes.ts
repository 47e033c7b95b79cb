import type { FastifyPluginAsync } from 'fastify';
import { access } from '../auth/access.ts';
import type { AppContext } from '../context.ts';
import { channelReport, type ReportQuery } from './reports.service.ts';

export function reportRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/reports/channels', access.staffRead, (request) =>
      channelReport(ctx, request.query as ReportQuery),
    );
  };
}
