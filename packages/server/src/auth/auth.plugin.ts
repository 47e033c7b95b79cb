import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../shared/app-error.ts';
import type { RouteContract } from '../shared/contract.ts';
import type { Principal } from '../shared/principal.ts';
import type { Access } from '../shared/roles.ts';
import { authErrors } from './auth.errors.ts';
import { authenticate } from './auth.service.ts';
import {
  CSRF_HEADER,
  csrfMatches,
  resolveConsoleSession,
  SESSION_COOKIE,
} from './console-sessions.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route; every /api route must declare it (the check is in auth.plugin). */
    access?: Access;
    /** The route's wire contract, when it was mounted from one (shared/mount.ts). */
    contract?: RouteContract;
  }
}

/** The REST API (`/api/…`) and the OpenAI-compatible gateway (`/v1/…`): both check access. */
export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/v1/');
}

/** One registered /api or /v1 route and who may call it. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
  contract: RouteContract | undefined;
}

const routeTables = new WeakMap<FastifyInstance, RouteAccess[]>();

/** Every /api route of a built server with its declared access (for audits and the tests). */
export function routeTable(app: FastifyInstance): RouteAccess[] {
  return routeTables.get(app) ?? [];
}

/**
 * The one place that checks who may call what: every /api route declares `config.access`
 * (a list of roles, or 'public'); a route that declares nothing is refused, so a new route
 * cannot be left open by mistake. Which objects a partner or customer may reach inside an
 * allowed route is the domain service's tenant check (shared/tenancy.ts).
 */
export function installAccessControl(
  app: FastifyInstance,
  ctx: AppContext,
  /** Route prefixes whose routes are public whatever they declare (the API reference's pages). */
  publicPrefixes: readonly string[] = [],
): void {
  const table: RouteAccess[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url)) return;
    if (publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, access: 'public' };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        access: route.config?.access,
        contract: route.config?.contract,
      });
    }
  });
  app.decorateRequest('principal', null);
  app.addHook('preHandler', async (request) => {
    // Judge by the matched route's pattern: the console's static files are not API routes.
    if (!isApiPath(request.routeOptions.url ?? '')) return;
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;
    if (!access) {
      throw new AppError(
        'auth.route_undeclared',
        500,
        'this route does not declare who may call it',
      );
    }
    const principal = await principalOf(ctx, request);
    if (!access.includes(principal.kind)) throw authErrors.forbidden();
    request.principal = principal;
  });
}

/** Methods that change nothing: a session's requests of other methods must pass the CSRF check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: the `Authorization` header when there is one (API clients, the CLI), else
 * the console session of the cookie, whose state-changing requests must carry the session's
 * CSRF token (synchronizer token; the cookie is also SameSite=Strict).
 */
async function principalOf(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (request.headers.authorization !== undefined || !cookie) {
    return authenticate(ctx, request.headers.authorization);
  }
  const session = await resolveConsoleSession(ctx, cookie);
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers[CSRF_HEADER])) {
    throw authErrors.csrfFailed();
  }
  return session.principal;
}
