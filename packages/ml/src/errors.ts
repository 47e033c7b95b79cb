/**
 * Why ml refused what it was given. The codes are domain-neutral (ml knows nothing of HTTP or
 * of the server's domains); the server maps each one to its own error in one place
 * (packages/server/src/shared/ml-errors.ts). Keep this list small and stable: clients of the
 * server see the mapped codes, and a new code here needs a row there.
 */
export const ML_ERROR_CODES = [
  // A file or data set that cannot be read as declared.
  /** Not valid UTF-8. */
  'bad_encoding',
  /** Cut short: a quoted field, a record or an IDX body that does not end. */
  'truncated',
  /** A table row with more or fewer fields than the header. */
  'ragged_row',
  /** A JSONL line that is not a JSON object. */
  'bad_json',
  /** More bytes or entries than the limit allows. */
  'too_large',
  /** Nothing to read: no rows, no class folders. */
  'empty',
  /** An image file of a data set that cannot be decoded. */
  'bad_image',
  /** Not the format it claims to be (CIFAR-10 labels, a file that is a folder…). */
  'bad_format',
  /** An IDX file (MNIST) that is damaged or of the wrong type. */
  'bad_idx',
  /** A column mapping that names no column, or leaves nothing to learn from. */
  'bad_mapping',
  /** More classes than a data set can hold (see MAX_CLASSES). */
  'too_many_classes',
  // One input of a prediction.
  /** An image whose size or nesting is not the model's. */
  'bad_shape',
  /** Bytes that are not an image. */
  'not_an_image',
  /** Pixel values that are not finite numbers in range. */
  'bad_values',
  /** Rows or texts that do not fit the model's signature (columns, types). */
  'signature_mismatch',
] as const;

export type MlErrorCode = (typeof ML_ERROR_CODES)[number];

/** An input ml cannot use; `code` is stable, the message says what to fix. */
export class MlError extends Error {
  constructor(
    readonly code: MlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MlError';
  }
}

/** True for an {@link MlError} (of `code`, when given). */
export function isMlError(error: unknown, code?: MlErrorCode): error is MlError {
  // By name and code too: a second copy of this package (another bundle) has its own class.
  const named =
    error instanceof MlError ||
    (error instanceof Error &&
      error.name === 'MlError' &&
      (ML_ERROR_CODES as readonly unknown[]).includes((error as { code?: unknown }).code));
  return named && (code === undefined || (error as MlError).code === code);
}
