import type { Api, Contract, RouteContract } from '@qudao/server/contract';
import type { z } from 'zod';

/** The empty object type, for "every field optional" checks. */
type Empty = Record<never, never>;

type Part<R, K extends 'params' | 'query' | 'body'> = R extends {
  [P in K]: infer S extends z.ZodType;
}
  ? Empty extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : unknown;

/** What one call takes: `params`, `query` and `body`, each only where the route has it. */
export type CallInput<R extends RouteContract> = Part<R, 'params'> &
  Part<R, 'query'> &
  Part<R, 'body'>;

/** What one call answers: the response schema's type, or the text of a non-JSON reply. */
export type CallOutput<R extends RouteContract> = R extends { produces: string }
  ? string
  : z.output<R['response']>;

type Call<R extends RouteContract> = keyof CallInput<R> extends never
  ? () => Promise<CallOutput<R>>
  : Empty extends CallInput<R>
    ? (input?: CallInput<R>) => Promise<CallOutput<R>>
    : (input: CallInput<R>) => Promise<CallOutput<R>>;

export type DomainClient<C extends Contract> = { [K in keyof C]: Call<C[K]> };

/** One method per route of the contract, grouped by domain: `client.deals.create({ body })`. */
export type ApiClient = { [D in keyof Api]: DomainClient<Api[D]> };

/** Sends one request; `QudaoClient` supplies it (base URL, token, error mapping). */
export type Send = (
  method: string,
  path: string,
  body: unknown,
  produces: string | undefined,
) => Promise<unknown>;

/** Builds the methods of every route in `api` over `send`. */
export function bindApi(api: Api, send: Send): ApiClient {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [domain, routes] of Object.entries(api)) {
    const methods: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(routes) as [string, RouteContract][]) {
      methods[name] = (input: { params?: object; query?: object; body?: unknown } = {}) =>
        send(
          spec.method,
          pathOf(spec.path, input.params, input.query),
          input.body ?? (spec.body && spec.method !== 'GET' ? {} : undefined),
          spec.produces,
        );
    }
    client[domain] = methods;
  }
  return client as ApiClient;
}

/** `/api/v1/deals/:dealId` with `{ dealId }` and a query string of the defined values. */
export function pathOf(template: string, params: object = {}, query: object = {}): string {
  const values = params as Record<string, unknown>;
  const path = template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
