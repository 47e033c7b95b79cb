import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import type { ImportInput } from './imports.schemas.ts';
import { importCrm } from './imports.service.ts';

export function importRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/v1/imports/crm', access.staff, (request) =>
      importCrm(ctx, request.body as ImportInput, request.principal!),
    );
  };
}
