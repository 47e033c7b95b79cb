import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { openDelimitedSource, openJsonlSource, type TableSource } from '@qudao/ml';
import type { Config } from '../config.ts';
import { AppError } from '../shared/app-error.ts';
import { dataErrors } from './data.errors.ts';

/** The settings that bound one import (config.ts: QUDAO_MAX_IMPORT_BYTES, …). */
export type ImportLimits = Pick<
  Config,
  'maxImportBytes' | 'maxImportEntries' | 'maxLineChars' | 'maxColumns'
>;

/** Stops an import whose client went away: nobody is left to receive the answer. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AppError(
      'request.cancelled',
      499,
      'the client closed the connection before the import finished; nothing was imported',
    );
  }
}

/** Refuse a compressed file that expands more than this many times (after the first 4 MB). */
export const MAX_EXPANSION = 200;
export const EXPANSION_GRACE = 4 * 1024 * 1024;

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

export function formatOf(file: string, format?: TableFormat): TableFormat {
  if (format) return format;
  const base = file.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.csv') || base.endsWith('.txt')) return 'csv';
  if (base.endsWith('.tsv') || base.endsWith('.tab')) return 'tsv';
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson')) return 'jsonl';
  throw dataErrors.unknownFormat(file);
}

/**
 * The bytes of an import file as a stream (gunzipped for `.gz`), cut off with `data.too_large`
 * past `QUDAO_MAX_IMPORT_BYTES` or, for compressed input, past a 200:1 expansion (a zip bomb),
 * and with `request.cancelled` once `signal` aborts (the client went away).
 */
export async function* fileBytes(
  file: string,
  limits: Pick<ImportLimits, 'maxImportBytes'>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const limit = limits.maxImportBytes;
  throwIfAborted(signal);
  const compressed = file.toLowerCase().endsWith('.gz');
  const size = (await stat(file)).size;
  if (!compressed && size > limit) {
    throw dataErrors.tooLarge(
      `${path.basename(file)} is ${size} bytes; imports are limited to ${limit} bytes (QUDAO_MAX_IMPORT_BYTES)`,
    );
  }
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = compressed ? raw.pipe(createGunzip()) : raw;
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfAborted(signal);
      total += chunk.length;
      if (
        compressed &&
        (total > limit || (total > EXPANSION_GRACE && total > size * MAX_EXPANSION))
      ) {
        throw dataErrors.tooLarge(
          `${path.basename(file)} expands to more than ${total > limit ? `${limit} bytes` : `${MAX_EXPANSION} times its size`}; refusing it as a possible zip bomb`,
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ||
      (error as { errno?: number }).errno === -5
    ) {
      throw dataErrors.truncatedGzip(path.basename(file));
    }
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw dataErrors.badFormat(`${path.basename(file)} is not a valid gzip file`);
    }
    throw error;
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
}

export interface SourceOptions {
  format?: TableFormat;
  delimiter?: string;
  header?: boolean | 'auto';
}

/** Opens a CSV, TSV or JSONL file (plain or .gz) as a streamed table, within the limits. */
export async function openTableFile(
  file: string,
  name: string,
  options: SourceOptions,
  limits: ImportLimits,
  signal?: AbortSignal,
): Promise<TableSource> {
  const format = formatOf(file, options.format);
  const bytes = fileBytes(file, limits, signal);
  if (format === 'jsonl')
    return openJsonlSource(bytes, { name, maxLineChars: limits.maxLineChars });
  return openDelimitedSource(bytes, {
    name,
    delimiter: options.delimiter ?? (format === 'tsv' ? '\t' : undefined),
    header: options.header,
    maxLineChars: limits.maxLineChars,
    maxColumns: limits.maxColumns,
  });
}
