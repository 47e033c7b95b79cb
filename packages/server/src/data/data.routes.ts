import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { access } from '../shared/access.ts';
import { parseInput } from '../shared/validate.ts';
import { dataErrors } from './data.errors.ts';
import { DatasetRefParams, DatasetVersionParams, ImportTableSchema } from './data.schemas.ts';
import * as data from './data.service.ts';
import { importUpload } from './data-upload.service.ts';
import { importTable } from './table-import.ts';

const ImportBody = z.object({
  name: z.string(),
  builtin: z.string(),
  testFraction: z.number().optional(),
  validationFraction: z.number().optional(),
  seed: z.number().int().optional(),
});

/** Datasets: list, show, versions, cleaning reports; import a built-in or server-side files. */
export function dataRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/datasets', access.owner, () => data.listDatasets(ctx));

    app.get('/api/v1/datasets/:name', access.owner, async (request) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      return data.getDatasetVersion(ctx, name);
    });

    app.get('/api/v1/datasets/:name/versions', access.owner, async (request) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      return data.listDatasetVersions(ctx, name);
    });

    app.get('/api/v1/datasets/:name/versions/:version/report', access.owner, async (request) => {
      const { name, version } = parseInput(DatasetVersionParams, request.params);
      return data.getCleaningReport(ctx, name, version);
    });

    app.post('/api/v1/datasets/import', access.owner, async (request, reply) => {
      const body = parseInput(ImportBody, request.body);
      const result = await data.importDataset(ctx, body);
      reply.code(result.created ? 201 : 200);
      return result.version;
    });

    app.post('/api/v1/datasets/import-table', access.owner, async (request, reply) => {
      const body = parseInput(ImportTableSchema, request.body);
      const result = await importTable(ctx, body);
      reply.code(result.created ? 201 : 200);
      return result.version;
    });

    // multipart/form-data: an `options` field (JSON) first, then one file.
    app.post('/api/v1/datasets/:name/upload', access.owner, async (request, reply) => {
      const { name } = parseInput(DatasetRefParams, request.params);
      if (!request.isMultipart()) throw dataErrors.missingUpload();
      const file = await request.file();
      if (!file) throw dataErrors.missingUpload();
      const options = file.fields.options;
      const result = await importUpload(ctx, {
        name,
        fileName: file.filename,
        stream: file.file,
        options:
          options && !Array.isArray(options) && options.type === 'field'
            ? String(options.value)
            : undefined,
        limit: ctx.config.maxUploadBytes,
      });
      reply.code(result.created ? 201 : 200);
      return result.version;
    });
  };
}
