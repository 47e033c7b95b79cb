import { AppError } from '../shared/app-error.ts';

/** An AppError that carries response headers (429s carry `Retry-After` and the quota). */
export class LimitError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly headers: Record<string, string>,
  ) {
    super(code, 429, message);
  }
}

export const meteringErrors = {
  rateLimited: (retryAfterSeconds: number, headers: Record<string, string>) =>
    new LimitError(
      'metering.rate_limited',
      `too many calls with this API key; retry in ${retryAfterSeconds} s`,
      { ...headers, 'retry-after': String(retryAfterSeconds) },
    ),
  quotaExceeded: (retryAfterSeconds: number, headers: Record<string, string>) =>
    new LimitError(
      'metering.quota_exceeded',
      "this period's quota of the plan is used up; it renews at the start of the next period",
      { ...headers, 'retry-after': String(retryAfterSeconds) },
    ),
  badIdempotencyKey: () =>
    new AppError(
      'metering.bad_idempotency_key',
      400,
      'the Idempotency-Key header must be 1 to 255 printable characters',
    ),
  idempotencyMismatch: () =>
    new AppError(
      'metering.idempotency_key_reused',
      422,
      'this Idempotency-Key was used with a different request; use a new key for a new request',
    ),
};
