import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { access } from '../auth/access.ts';
import type { AppContext } from '../context.ts';
import { parseInput } from '../shared/validate.ts';
import { DatasetRefParams } from './data.schemas.ts';
import * as data from './data.service.ts';

const ImportBody = z.object({
  name: z.string(),
  builtin: z.string(),
  testFraction: z.number().optional(),
  seed: z.number().int().optional(),
});

/** Datasets: list, show, import a built-in. (File imports over HTTP come with the data issue.) */
export function dataRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/datasets', access.owner, () => data.listDatasets(ctx));

    app.get('/api/v1/datasets/:name', access.owner, async (request) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      return data.getDatasetVersion(ctx, name);
    });

    app.post('/api/v1/datasets/import', access.owner, async (request, reply) => {
      const body = parseInput(ImportBody, request.body);
      const result = await data.importDataset(ctx, body);
      reply.code(result.created ? 201 : 200);
      return result.version;
    });
  };
}
