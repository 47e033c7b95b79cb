import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { isMlError } from '@qudao/ml/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isGatewayPath, openAiErrorOf } from '../gateway/openai-errors.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import { appErrorOfMl } from '../shared/ml-errors.ts';

/** Fastify's own errors, mapped to stable codes. */
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'request.too_large',
    message: 'the request body is too large',
  },
  FST_REQ_FILE_TOO_LARGE: { code: 'request.too_large', message: 'the uploaded file is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'request.unsupported_media_type',
    message: 'this content type is not accepted here',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'request.invalid', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'request.invalid_json',
    message: 'the body is not valid JSON',
  },
};

/**
 * Errors Fastify's router raises before any route runs (Fastify's `frameworkErrors` option):
 * answered in the app's shape instead of Fastify's own bodies.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError =
    error.code === 'FST_ERR_BAD_URL'
      ? new AppError(
          'request.bad_url',
          400,
          'the URL holds a bad percent-encoding; encode reserved characters as %XX with two hex digits',
        )
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new AppError(
            'request.param_too_long',
            414,
            `a path parameter is longer than ${MAX_PARAM_LENGTH} characters; names and ids are shorter`,
          )
        : new AppError('request.invalid', 400, 'the request URL cannot be routed; check it');
  reply.code(appError.status).send(appError.toJSON());
}

/** Fastify's `maxParamLength`: longer path parameters answer 414 `request.param_too_long`. */
export const MAX_PARAM_LENGTH = 200;

/**
 * Requests Node's HTTP parser refuses (headers or URL over its limit, bytes that are not HTTP,
 * a request that timed out) never reach Fastify: the server's `clientError` handler answers
 * them, in the app's shape, and closes the connection.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const appError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError(
          'request.headers_too_large',
          431,
          'the request line and headers are larger than the server accepts (16 KiB); send long values in the body',
        )
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request.timeout', 408, 'the request took too long to arrive; send it again')
        : new AppError(
            'request.malformed',
            400,
            'the request is not valid HTTP/1.1; check the client',
          );
  if (socket.writable) {
    const body = JSON.stringify(appError.toJSON());
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** The one place where errors become HTTP answers: `{ error: { code, message, details? } }`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    if (isAppError(error)) appError = error;
    // An ml error a service let through still answers its mapped code, never a 500.
    else if (isMlError(error)) appError = appErrorOfMl(error);
    else if (error.code && FASTIFY_CODES[error.code]) {
      const known = FASTIFY_CODES[error.code]!;
      appError = new AppError(known.code, error.statusCode ?? 400, known.message);
    } else if (error instanceof SyntaxError && error.statusCode === 400) {
      appError = new AppError('request.invalid_json', 400, 'the body is not valid JSON');
    } else if (error.statusCode && error.statusCode < 500) {
      appError = new AppError('request.invalid', error.statusCode, error.message);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      appError = new AppError('internal', 500, 'something went wrong on the server; see its log');
    }
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    const body = isGatewayPath(request.url) ? openAiErrorOf(appError) : appError.toJSON();
    reply.headers(appError.headers).code(appError.status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || isGatewayPath(request.url);
    // Client-side routes of the console: any other GET gets the console's index.html.
    if (!isApi && request.method === 'GET' && typeof reply.sendFile === 'function') {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    const path = request.url.split('?')[0];
    const error = new AppError(
      'request.route_not_found',
      404,
      `no route ${request.method} ${path}`,
    );
    return reply.code(404).send(isGatewayPath(request.url) ? openAiErrorOf(error) : error.toJSON());
  });
}
