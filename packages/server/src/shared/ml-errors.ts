import { isMlError, type MlError, type MlErrorCode } from '@qudao/ml/errors';
import { AppError } from './app-error.ts';

/**
 * The one place where ml's domain-neutral errors become the server's: each `MlError` code has
 * exactly one API code and status here. File and data-set problems belong to the data domain
 * (422: the request was understood, the file is not usable; 413 for limits); problems of one
 * prediction input (an image or a row) answer 400 `serving.bad_input` with `details.reason`. The
 * message is ml's sentence, which already says what to fix.
 */
const MAPPING: Record<MlErrorCode, readonly [code: string, status: number, reason?: string]> = {
  bad_encoding: ['data.bad_encoding', 422],
  truncated: ['data.truncated', 422],
  ragged_row: ['data.ragged_row', 422],
  bad_json: ['data.bad_json', 422],
  too_large: ['data.too_large', 413],
  empty: ['data.empty', 422],
  bad_image: ['data.bad_image', 422],
  bad_format: ['data.bad_format', 422],
  bad_idx: ['data.idx_corrupt', 422],
  bad_mapping: ['data.bad_mapping', 400],
  too_many_classes: ['data.too_many_classes', 422],
  // One family for every bad prediction input, the reason in details (docs/api.md).
  bad_shape: ['serving.bad_input', 400, 'shape'],
  not_an_image: ['serving.bad_input', 400, 'not_an_image'],
  bad_values: ['serving.bad_input', 400, 'values'],
  signature_mismatch: ['serving.bad_input', 400, 'signature'],
};

/** The AppError an `MlError` answers with. */
export function appErrorOfMl(error: MlError): AppError {
  const [code, status, reason] = MAPPING[error.code];
  if (!reason) return new AppError(code, status, error.message);
  // As serving's own badInput(reason, message) answers: details.reason, the same params.
  return new AppError(code, status, error.message, { reason }, [reason, error.message]);
}

/** An `MlError` as its AppError; anything else unchanged. */
export function fromMlError(error: unknown): unknown {
  return isMlError(error) ? appErrorOfMl(error) : error;
}

/** Runs `fn`, turning an `MlError` it throws into its AppError (for services the CLI calls too). */
export async function mlErrorsAsAppErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fromMlError(error);
  }
}

/** The API codes ml errors map to (for the reference and the console's translations). */
export const ML_APP_ERROR_CODES: readonly string[] = [
  ...new Set(Object.values(MAPPING).map(([code]) => code)),
];
