import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, isAppError } from './app-error.ts';

/** @fastify/multipart's errors that keep their own meaning (limits: 413, mapped by the handler). */
const LIMIT_CODES = new Set([
  'FST_PARTS_LIMIT',
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_REQ_FILE_TOO_LARGE',
]);

/** Errors of a multipart stream, marked as they happen (busboy's errors carry no code). */
const streamErrors = new WeakSet<object>();

/** A body that is not readable multipart: 400 with one stable code, never a 500. */
export function badMultipart(why: string): AppError {
  return new AppError(
    'request.bad_multipart',
    400,
    `the multipart/form-data body cannot be read (${why}): send a boundary in the Content-Type and end the body with it (curl -F does both)`,
    { reason: why },
  );
}

/** An error met while reading multipart as `request.bad_multipart`; limits and AppErrors unchanged. */
export function asMultipartError(error: unknown): unknown {
  if (isAppError(error) || !(error instanceof Error)) return error;
  const code = (error as { code?: string }).code;
  if (code && LIMIT_CODES.has(code)) return error;
  return badMultipart(error.message.replace(/\.$/, '') || 'malformed');
}

/**
 * The first file part of a multipart request (or undefined), with malformed bodies (no
 * boundary, unterminated, truncated) answered as `request.bad_multipart`. Errors of the file's
 * stream are marked, so `isMultipartStreamError` tells them from the consumer's own.
 */
export async function readFilePart(request: FastifyRequest): Promise<MultipartFile | undefined> {
  let file: MultipartFile | undefined;
  try {
    file = await request.file();
  } catch (error) {
    throw asMultipartError(error);
  }
  file?.file.once('error', (error: Error) => {
    streamErrors.add(error);
  });
  return file;
}

/** The whole file part as bytes, malformed bodies answered as `request.bad_multipart`. */
export async function filePartBytes(file: MultipartFile): Promise<Buffer> {
  try {
    return await file.toBuffer();
  } catch (error) {
    throw asMultipartError(error);
  }
}

/** What busboy says of a body cut short or malformed (its errors carry no code). */
const BODY_ERROR = /multipart|terminated early|part header|boundary/i;

/** Whether an error came from a file part's stream (the body, not the code reading it). */
export function isMultipartStreamError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || isAppError(error)) return false;
  // busboy fails the stream its consumer pipes with the parser's error, which is not always
  // emitted on the file part itself; its messages are the other sign.
  return streamErrors.has(error) || (error instanceof Error && BODY_ERROR.test(error.message));
}
