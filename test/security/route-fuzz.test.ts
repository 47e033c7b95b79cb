import { buildServer, routeTable } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isolationCases } from '../channels/isolation-cases.ts';
import { seedTenants } from '../channels/tenants.ts';
import { seedIntelligenceOf } from '../intelligence/fixtures.ts';

/** Values for path parameters and query fields a caller may send: none is a valid object. */
const BAD_VALUES = [
  'nope',
  'x'.repeat(5000),
  '%E0%A4%A',
  '%ZZ',
  '%00',
  encodeURIComponent('名字 😀'),
  '-1',
  '1e308',
  '..%2F..%2Fetc%2Fpasswd',
  'NaN',
];

const HUGE = 'x'.repeat(100_000);
/** Bodies of the wrong kind: each field of the route's body schema set to the same bad value. */
const FIELD_VALUES: unknown[] = [12345, { $gt: '' }, HUGE, null, -1e308, [[]], true];

/** Raw bodies: broken JSON, other media types, nothing, nesting deep enough to hurt a parser. */
const RAW_BODIES: { type?: string; payload?: string }[] = [
  { type: 'application/json', payload: '{"a":' },
  { type: 'application/json', payload: '' },
  { type: 'application/json', payload: '[]' },
  // Valid where every field is optional: the service itself runs on an empty request.
  { type: 'application/json', payload: '{}' },
  { type: 'application/json', payload: 'null' },
  { type: 'application/json', payload: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { type: 'text/plain', payload: 'hello' },
  { type: 'application/x-www-form-urlencoded', payload: 'a=1&a=2' },
  { type: 'multipart/form-data', payload: '--x\r\n' },
  { type: 'multipart/form-data; boundary=x', payload: '--x\r\ncontent-disposition: form-data' },
  { type: 'image/png', payload: '\x89PNG\r\n\x1a\n' },
  { type: 'application/octet-stream', payload: 'QUDAOMV1\xff\xff\xff\xff' },
  {},
];

interface Shot {
  route: string;
  request: InjectOptions;
}

function keysOf(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * The must-show of issue #11: bad requests on every route the server registered (generated
 * from its route table, so a new route is fuzzed too): bad ids, wrong types, huge strings, bad
 * JSON, wrong content types, missing bodies, other tenants' ids, bad percent-encoding, bad
 * credentials. None may answer 5xx, and every error answers the app's {"error":{code,message}}.
 */
describe('route fuzz', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let t: Awaited<ReturnType<typeof seedTenants>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
    await app.ready();
    t = await seedTenants(ctx);
    await seedIntelligenceOf(ctx, {
      partnerId: t.b.partner.id,
      customerId: t.b.customer.id,
      dealId: t.b.deal.id,
    });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  /** The requests for one route: at least 20, all of them wrong in some way. */
  function shotsOf(
    route: ReturnType<typeof routeTable>[number],
    foreign: Record<string, string>,
  ): Shot[] {
    const name = `${route.method} ${route.url}`;
    const method = route.method as InjectOptions['method'];
    const owner = { authorization: `Bearer ${ctx.ownerToken}` };
    const queryKeys = keysOf(route.contract?.query);
    const fill = (value: (param: string) => string) =>
      route.url.replace(/:(\w+)/g, (_: string, param: string) => value(param));
    // Tenant B's objects where the route names one, else a name that exists nowhere.
    const real = fill((p) => encodeURIComponent(foreign[p] ?? (p === 'version' ? '1' : 'stub')));
    const shots: Shot[] = [];
    const add = (url: string, extra: Partial<InjectOptions> = {}) =>
      shots.push({ route: name, request: { method, url, headers: owner, ...extra } });
    for (const value of BAD_VALUES) {
      const query = queryKeys.map((k) => `${k}=${value}`).join('&');
      add(`${fill(() => value)}${query ? `?${query}` : `?x=${value}`}`);
    }
    // Repeated query fields (arrays where strings are expected).
    add(`${real}?${[...queryKeys, 'x'].map((k) => `${k}=1&${k}=2`).join('&')}`);
    const bodyKeys = keysOf(route.contract?.body);
    for (const value of FIELD_VALUES) {
      const body = Object.fromEntries((bodyKeys.length ? bodyKeys : ['x']).map((k) => [k, value]));
      add(real, {
        payload: JSON.stringify(body),
        headers: { ...owner, 'content-type': 'application/json' },
      });
    }
    for (const raw of RAW_BODIES) {
      const headers: Record<string, string> = { ...owner };
      if (raw.type) headers['content-type'] = raw.type;
      add(real, raw.payload === undefined ? { headers } : { headers, payload: raw.payload });
    }
    // Credentials: none, garbage, another scheme, and tenant A's partner and customer reaching
    // for tenant B's objects.
    add(real, { headers: {} });
    add(real, { headers: { authorization: 'Bearer qd_garbage' } });
    add(real, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    add(real, { headers: { authorization: `Bearer ${t.a.token.token}` } });
    add(real, { headers: { authorization: `Bearer ${t.a.key.key}` } });
    add(real, {
      headers: { authorization: `Bearer ${t.a.key.key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ customerId: t.b.customer.id, partnerId: t.b.partner.id }),
    });
    // A huge idempotency key and accept header.
    add(real, {
      headers: { ...owner, 'idempotency-key': HUGE.slice(0, 5000), accept: HUGE.slice(0, 5000) },
    });
    return shots;
  }

  it('answers no 5xx and only errors in the app shape, on every route', {
    timeout: 180_000,
  }, async () => {
    const started = performance.now();
    const foreign = isolationCases(t).params;
    const routes = routeTable(app).filter((r) => r.contract);
    expect(routes.length).toBeGreaterThan(100);
    const shots = routes.flatMap((r) => shotsOf(r, foreign));
    const perRoute = new Map<string, number>();
    for (const s of shots) perRoute.set(s.route, (perRoute.get(s.route) ?? 0) + 1);
    expect(Math.min(...perRoute.values())).toBeGreaterThanOrEqual(20);
    const failures: string[] = [];
    let next = 0;
    // A few in flight at once: one server, as many requests as it meets in parallel.
    const worker = async () => {
      while (next < shots.length) {
        const shot = shots[next++]!;
        const res = await app.inject(shot.request);
        const where = `${shot.route} ${String(shot.request.url).slice(0, 80)} → ${res.statusCode}`;
        // A readiness probe answers 503 while the endpoints warm: that is its contract.
        const warming = shot.route === 'GET /api/v1/ready' && res.statusCode === 503;
        if (res.statusCode >= 500 && !warming) failures.push(`${where} ${res.body.slice(0, 300)}`);
        if (res.statusCode < 400) continue;
        let body: unknown;
        try {
          body = res.json();
        } catch {
          failures.push(`${where}: not JSON ${res.body.slice(0, 100)}`);
          continue;
        }
        const shape = z
          .strictObject({
            error: z.looseObject({
              code: z.string().regex(/^(internal|[a-z_]+(\.[a-z_]+)+)$/),
              message: z.string().min(1),
            }),
          })
          .safeParse(body);
        if (!shape.success)
          failures.push(`${where}: not the app's shape ${res.body.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `route fuzz: ${shots.length} requests over ${routes.length} routes in ${seconds.toFixed(1)} s, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(seconds).toBeLessThan(120);
  });
});
