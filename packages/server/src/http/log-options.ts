import { closeSync, openSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import type { FastifyServerOptions } from 'fastify';

const REDACTED = '[redacted]';

/**
 * Credentials as the server issues them: the owner token (`qd_owner_…`), staff and partner
 * tokens (`qdt_<prefix>_…`), customer keys (`qd_<prefix>_…`) and console sign-in codes
 * (`qd_signin_…`). The secret part is replaced; the public prefix that names a key stays, so a
 * log line still says which key called.
 */
const CREDENTIAL =
  /\b(qd_owner|qd_signin|qdt_[A-Za-z0-9]{12}|qd_[A-Za-z0-9]{12})_[A-Za-z0-9_-]{6,}/g;

/** Query parameters whose values are secrets whatever they look like. */
const SECRET_PARAM =
  /([?&](?:token|access_token|api_key|apikey|key|signin|code|password|secret)=)[^&#]*/gi;

/** A text with every credential's secret part replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(CREDENTIAL, `$1_${REDACTED}`);
}

/** A request URL with secret query values and credentials anywhere in it replaced. */
export function redactUrl(url: string): string {
  return redactSecrets(url.replace(SECRET_PARAM, `$1${REDACTED}`));
}

/** Strings inside plain objects and arrays (what code passes to a log call), redacted. */
function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth + 1)]));
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

interface LoggedError {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  statusCode?: unknown;
}

/**
 * The server's pino options: requests are logged without headers and with secrets taken out
 * of their URL; errors, messages and logged fields have every credential redacted; headers that
 * carry credentials are censored should anything log them. Line by line, so a token that
 * reaches a log call by any path is still not written.
 */
export function loggerOptions(level: string, file: string): FastifyServerOptions['logger'] {
  return {
    level,
    file,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: REDACTED,
    },
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      err: (err: LoggedError) => ({
        type: err.name,
        message: redactSecrets(String(err.message ?? '')),
        stack: redactSecrets(String(err.stack ?? '')),
        ...(err.code === undefined ? {} : { code: err.code }),
        ...(err.statusCode === undefined ? {} : { statusCode: err.statusCode }),
      }),
    },
    formatters: {
      log: (object: Record<string, unknown>) => redactValue(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)),
        );
      },
    },
  } as FastifyServerOptions['logger'];
}

/**
 * Creates the log file readable by its owner only (0600) before pino opens it for appending,
 * and narrows one left by an older version.
 */
export async function prepareLogFile(file: string): Promise<void> {
  closeSync(openSync(file, 'a', 0o600));
  await chmod(file, 0o600);
}
