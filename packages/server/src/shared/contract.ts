import { z } from 'zod';
import type { Access } from '../shared/roles.ts';

/**
 * One route of the wire contract: its method and path, who may call it, and the zod schemas of
 * what goes in and what comes out. The server mounts it (shared/mount.ts), the OpenAPI document
 * is generated from it (http/openapi.ts) and the typed client calls it (@qudao/client), so the
 * three cannot drift apart. Contracts live in each domain's `<domain>.schemas.ts`, which import
 * nothing but zod and other schema files: the console imports them in the browser.
 */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify-style path, e.g. `/api/v1/deals/:dealId`. */
  path: string;
  /** One line for the API reference. */
  summary: string;
  description?: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  /** The JSON body. */
  body?: z.ZodType;
  /** Other request media types the route takes besides JSON (documented, not validated here). */
  bodyTypes?: readonly string[];
  /** The success status (default 200). */
  status?: 200 | 201 | 202 | 204;
  /** The success reply (JSON unless `produces` says otherwise). */
  response: z.ZodType;
  /** A reply that is not JSON, e.g. `text/csv` or `text/event-stream`. */
  produces?: string;
  /** Headers the client may send (documented), e.g. `Idempotency-Key`. */
  headers?: z.ZodType;
  /**
   * On the per-call path (predictions): in `strip` mode the reply is sent as the handler built
   * it, without a zod parse on every call. Only for replies built field by field from documented
   * fields; `strict` (the test suite) still checks every one.
   */
  replyAsBuilt?: boolean;
}

/** Declares one route; `const` keeps the literal types the client needs. */
export function route<const C extends RouteContract>(contract: C): C {
  return contract;
}

export type Contract = Record<string, RouteContract>;

/** The error body every failed call answers with. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'stable code, `<domain>.<reason>`' }),
      message: z.string().meta({ description: 'a sentence saying what to do' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });

/** An ISO-8601 instant as the API writes it. */
export const Instant = z.string().meta({ format: 'date-time' });

/** Path parameter `:id`. */
export const IdParams = z.object({ id: z.string().min(1) });
