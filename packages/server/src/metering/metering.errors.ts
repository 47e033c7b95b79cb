import { AppError } from '../shared/app-error.ts';

/** 429s carry `Retry-After` and the remaining quota (the error handler sends the headers). */
function limited(code: string, message: string, headers: Record<string, string>) {
  return new AppError(code, 429, message, undefined, [], headers);
}

export const meteringErrors = {
  rateLimited: (retryAfterSeconds: number, headers: Record<string, string>) =>
    limited(
      'metering.rate_limited',
      `too many calls with this API key; retry in ${retryAfterSeconds} s`,
      { ...headers, 'retry-after': String(retryAfterSeconds) },
    ),
  quotaExceeded: (retryAfterSeconds: number, headers: Record<string, string>) =>
    limited(
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
