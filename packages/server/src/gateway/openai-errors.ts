import type { AppError } from '../shared/app-error.ts';

/** Paths the gateway serves: their errors answer in OpenAI's shape. */
export const GATEWAY_PREFIX = '/v1/';

export function isGatewayPath(url: string): boolean {
  return url.startsWith(GATEWAY_PREFIX);
}

/** OpenAI's error `type` by status, which its clients and SDK users switch on. */
function typeOf(error: AppError): string {
  if (error.code === 'metering.budget_exhausted') return 'insufficient_quota';
  if (error.status === 401) return 'authentication_error';
  if (error.status === 403) return 'permission_error';
  if (error.status === 404) return 'not_found_error';
  if (error.status === 429) return 'rate_limit_error';
  if (error.status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The request field a validation error is about (`messages.0.role`), as OpenAI's `param`. */
function paramOf(error: AppError): string | null {
  const details = error.details as { issues?: { path?: string }[] } | undefined;
  const path = details?.issues?.[0]?.path;
  return path ? path : null;
}

/**
 * An AppError in OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`, with
 * Qudao's stable code as `code`, so OpenAI clients raise their usual error classes and callers
 * still switch on Qudao's codes.
 */
export function openAiErrorOf(error: AppError) {
  return {
    error: { message: error.message, type: typeOf(error), param: paramOf(error), code: error.code },
  };
}
