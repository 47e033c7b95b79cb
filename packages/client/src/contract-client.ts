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

/** Bytes or a form, for routes that take other media types than JSON (`bodyTypes`). */
export type RawBody = Uint8Array | Blob | FormData;

/** The body of a route with `bodyTypes`: its JSON body, or raw bytes of one of those types. */
type BodyPart<R> = R extends { bodyTypes: readonly string[] }
  ? { body: (R extends { body: infer S extends z.ZodType } ? z.input<S> : never) | RawBody }
  : Part<R, 'body'>;

/** What one call takes: `params`, `query` and `body`, each only where the route has it. */
export type CallInput<R extends RouteContract> = Part<R, 'params'> & Part<R, 'query'> & BodyPart<R>;

/** What one call answers: the response schema's type, the text of a text reply, or a file's bytes. */
export type CallOutput<R extends RouteContract> = R extends { produces: `text/${string}` }
  ? string
  : R extends { produces: string }
    ? Uint8Array
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
  contentType: string,
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
          contentTypeOf(spec, input.body),
        );
    }
    client[domain] = methods;
  }
  return client as ApiClient;
}

/** JSON, or for bytes the route's own media type (`image/png`, `application/octet-stream`). */
function contentTypeOf(spec: RouteContract, body: unknown): string {
  if (!(body instanceof Uint8Array || body instanceof Blob)) return 'application/json';
  return spec.bodyTypes?.find((t) => t !== 'multipart/form-data') ?? 'application/octet-stream';
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
