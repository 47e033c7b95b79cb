import type { FastifyPluginAsync } from 'fastify';
import { access } from '../auth/access.ts';
import type { AppContext } from '../context.ts';
import { type ImportInput, importCrm } from './imports.service.ts';

export function importRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/v1/imports/crm', access.staff, (request) =>
      importCrm(ctx, request.body as ImportInput, request.principal!),
    );
  };
}
