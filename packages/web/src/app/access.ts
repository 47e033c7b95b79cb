import { contract } from '@qudao/client';

/** Who signed in, as `GET /api/v1/me` says (`kind`). */
export type Role = 'owner' | 'admin' | 'analyst' | 'partner' | 'customer';

type Api = typeof contract.api;
/** One API route, named `domain.operation` as in the client (`reports.channels`). */
export type RouteName = {
  [D in keyof Api]: `${D & string}.${keyof Api[D] & string}`;
}[keyof Api];

/**
 * Whether `role` may call the route, read from the route's own `access` in the wire contract,
 * so the console's navigation cannot drift from what the server answers (a page is shown only
 * when every route it needs would answer, never a 403).
 */
export function mayCall(role: Role, route: RouteName): boolean {
  const [domain, op] = route.split('.') as [keyof Api, string];
  const spec = (contract.api[domain] as Record<string, { access: unknown }>)[op];
  if (!spec) return false;
  return spec.access === 'public' || (Array.isArray(spec.access) && spec.access.includes(role));
}

export function mayCallAll(role: Role, routes: readonly RouteName[]): boolean {
  return routes.every((r) => mayCall(role, r));
}

export const isStaff = (role: Role) => role === 'owner' || role === 'admin' || role === 'analyst';
