import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { access } from '../auth/access.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../shared/validate.ts';
import * as registry from './registry.service.ts';

const VersionParams = z.object({
  name: z.string().min(1),
  version: z.coerce.number().int().positive(),
});

export function registryRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/models', access.owner, () => registry.listModels(ctx));

    app.get('/api/v1/models/:name/versions/:version', access.owner, async (request) => {
      const { name, version } = parseInput(VersionParams, request.params);
      return registry.getModelVersion(ctx, name, version);
    });
  };
}
