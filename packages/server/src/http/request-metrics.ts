import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

/**
 * Every answer's duration by route, and every error (400 or more) by its code, into the
 * context's Prometheus registry. The code is read from the error body the error handler wrote
 * (only for errors, which are rare), so this hook needs nothing from the domains.
 */
export function installRequestMetrics(app: FastifyInstance, ctx: AppContext): void {
  const { errors, requestSeconds } = ctx.metrics;
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400) return payload;
    let code = 'unknown';
    if (typeof payload === 'string') {
      try {
        code = (JSON.parse(payload) as { error?: { code?: string } }).error?.code ?? code;
      } catch {
        // not a JSON error body
      }
    }
    errors.inc({
      route: request.routeOptions.url ?? '(no route)',
      code,
      status: String(reply.statusCode),
    });
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    requestSeconds.observe(
      {
        route: request.routeOptions.url ?? '(no route)',
        method: request.method,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
