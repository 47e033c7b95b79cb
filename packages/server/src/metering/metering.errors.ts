import { AppError, defineErrors } from '../shared/app-error.ts';

const table = defineErrors({
  rateLimited: [
    'metering.rate_limited',
    429,
    (retryAfterSeconds: number) =>
      `too many calls for this customer (all its keys count together); retry in ${retryAfterSeconds} s`,
  ],
  notForSale: [
    'metering.not_for_sale',
    403,
    (endpoint: string) =>
      `endpoint ${endpoint} is not sold as a product, so customers cannot call it; ask the owner to sell it on a plan`,
  ],
  quotaExceeded: [
    'metering.quota_exceeded',
    429,
    (_retryAfterSeconds: number) =>
      "this period's quota of the plan is used up; it renews at the start of the next period",
  ],
  budgetExhausted: [
    'metering.budget_exhausted',
    402,
    (budgetMinor: number, currency: string) =>
      `this call could take the key past its budget of ${budgetMinor} ${currency} minor units this month (prompt and max_tokens are reserved at the plan's token prices); lower max_tokens, or ask for a larger budget`,
  ],
  badIdempotencyKey: [
    'metering.bad_idempotency_key',
    400,
    () => 'the Idempotency-Key header must be 1 to 255 printable characters',
  ],
  idempotencyMismatch: [
    'metering.idempotency_key_reused',
    422,
    () => 'this Idempotency-Key was used with a different request; use a new key for a new request',
  ],
});

/** 429s carry `Retry-After` and the remaining quota (the error handler sends the headers). */
function withHeaders(error: AppError, retryAfterSeconds: number, headers: Record<string, string>) {
  return new AppError(error.code, error.status, error.message, error.details, error.params, {
    ...headers,
    'retry-after': String(retryAfterSeconds),
  });
}

export const meteringErrors = {
  ...table,
  rateLimited: (retryAfterSeconds: number, headers: Record<string, string>) =>
    withHeaders(table.rateLimited(retryAfterSeconds), retryAfterSeconds, headers),
  quotaExceeded: (retryAfterSeconds: number, headers: Record<string, string>) =>
    withHeaders(table.quotaExceeded(retryAfterSeconds), retryAfterSeconds, headers),
};
