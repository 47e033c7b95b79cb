import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { mountContract } from '../shared/mount.ts';
import { importsContract } from './imports.schemas.ts';
import { importCrm } from './imports.service.ts';

export function importRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, importsContract, {
      crm: ({ body, principal }) => importCrm(ctx, body, principal),
    });
  };
}
