import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../context.ts';
import { parseInput } from '../shared/validate.ts';
import { dataErrors } from './data.errors.ts';
import { ImportDatasetSchema, ImportTableSchema, UploadOptionsSchema } from './data.schemas.ts';
import { importFolderAt } from './data.service.ts';
import { importTableAt } from './table-import.ts';
import { isZip } from './zip-archive.ts';

const FILE_NAME = /\.(csv|tsv|tab|txt|jsonl|ndjson)(\.gz)?$|\.zip$/i;

export interface UploadInput {
  name: string;
  fileName: string;
  stream: Readable & { truncated?: boolean };
  /** The `options` field as sent (JSON text), if any. */
  options?: string;
  /** The most bytes the upload may hold; past it the stream is cut off (truncated). */
  limit: number;
}

/**
 * Streams an uploaded file to a staging folder under `QUDAO_HOME/tmp` and imports it through
 * the same path as a file on the server (tables, zips, cleaning, versions). An upload past the
 * limit is `request.too_large`; the staging folder is removed whatever happens.
 */
export async function importUpload(ctx: AppContext, input: UploadInput) {
  let options: unknown = {};
  try {
    options = input.options ? JSON.parse(input.options) : {};
  } catch {
    input.stream.resume();
    throw dataErrors.badMapping('the "options" field must be JSON');
  }
  const parsed = parseInput(UploadOptionsSchema, options, 'upload options');
  const base = path.basename(input.fileName || '').replace(/[^\p{L}\p{N}._-]+/gu, '_');
  if (!FILE_NAME.test(base)) {
    input.stream.resume();
    throw dataErrors.unknownFormat(input.fileName || '(no file name)');
  }
  await mkdir(ctx.paths.tmp, { recursive: true });
  const staging = await mkdtemp(path.join(ctx.paths.tmp, 'upload-'));
  try {
    const file = path.join(staging, base);
    await pipeline(input.stream, createWriteStream(file));
    if (input.stream.truncated) throw dataErrors.uploadTooLarge(input.limit);
    const { type, height, width, channels, format, delimiter, header, mapping, labelValues } =
      parsed;
    if (type !== 'table') {
      if (!isZip(file)) {
        throw dataErrors.badMapping(`upload ${type} as a .zip of one folder per class`);
      }
      const request = parseInput(ImportDatasetSchema, {
        name: input.name,
        folder: { path: file, type, height, width, channels },
        clean: parsed.clean,
        testFraction: parsed.testFraction,
        validationFraction: parsed.validationFraction,
        seed: parsed.seed,
      });
      return await importFolderAt(ctx, request, file);
    }
    const request = parseInput(ImportTableSchema, {
      ...parsed,
      name: input.name,
      sources: [{ path: file, name: base, format, delimiter, header, mapping, labelValues }],
    });
    return await importTableAt(ctx, request, [file]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
