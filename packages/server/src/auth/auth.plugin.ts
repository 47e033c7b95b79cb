import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../shared/app-error.ts';
import { authErrors } from './auth.errors.ts';
import { authenticate } from './auth.service.ts';

/**
 * The one place that checks who may call what: every /api route declares `config.access`
 * (a list of roles, or 'public'); a route that declares nothing is refused, so a new route
 * cannot be left open by mistake.
 */
export function installAccessControl(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;
    if (!access) {
      throw new AppError(
        'auth.route_undeclared',
        500,
        'this route does not declare who may call it',
      );
    }
    const principal = await authenticate(ctx, request.headers.authorization);
    if (!access.includes(principal.kind)) throw authErrors.forbidden();
    request.principal = principal;
  });
}
