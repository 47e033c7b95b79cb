import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { checkReply, mountContract } from '../shared/mount.ts';
import { asMultipartError, isMultipartStreamError, readFilePart } from '../shared/multipart.ts';
import { dataErrors } from './data.errors.ts';
import { type DatasetVersionView, dataContract } from './data.schemas.ts';
import * as data from './data.service.ts';
import { importUpload } from './data-upload.service.ts';
import { importTable } from './table-import.ts';

type Imported = { version: DatasetVersionView; created: boolean };

/**
 * An import answers 201 with a new version, or 200 with the latest one when the content hash is
 * unchanged; the contract documents 201, so the 200 reply is checked here the same way.
 */
export function createdOrSame(ctx: AppContext, reply: FastifyReply, result: Imported) {
  if (result.created) return result.version;
  const checked = checkReply(dataContract.upload, result.version, ctx.config.replyValidation);
  return reply.code(200).send(checked);
}

/** Reads the multipart upload: the `options` field (JSON text, sent first), then one file. */
async function readUpload(ctx: AppContext, request: FastifyRequest, name: string) {
  if (!request.isMultipart()) throw dataErrors.missingUpload();
  const file = await readFilePart(request);
  if (!file) throw dataErrors.missingUpload();
  const options = file.fields.options;
  try {
    return await importUpload(ctx, {
      name,
      fileName: file.filename,
      stream: file.file,
      options:
        options && !Array.isArray(options) && options.type === 'field'
          ? String(options.value)
          : undefined,
      limit: ctx.config.maxUploadBytes,
    });
  } catch (error) {
    // A body cut short fails the file's stream: the client's mistake (400), not the import's.
    throw isMultipartStreamError(error) ? asMultipartError(error) : error;
  }
}

/** Datasets: list, show, versions, cleaning reports, row previews; import a built-in, tables, an upload. */
export function dataRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    mountContract(app, ctx, dataContract, {
      list: () => data.listDatasets(ctx),
      get: ({ params }) => data.getDatasetVersion(ctx, params.name),
      versions: ({ params }) => data.listDatasetVersions(ctx, params.name),
      report: ({ params }) => data.getCleaningReport(ctx, params.name, params.version),
      rows: ({ params, query }) => data.previewRows(ctx, params.name, params.version, query),
      importBuiltin: async ({ body, reply }) =>
        createdOrSame(ctx, reply, await data.importDataset(ctx, body)),
      importTable: async ({ body, reply, signal }) =>
        createdOrSame(ctx, reply, await importTable(ctx, body, { signal })),
      upload: async ({ params, request, reply }) =>
        createdOrSame(ctx, reply, await readUpload(ctx, request, params.name)),
    });
  };
}
