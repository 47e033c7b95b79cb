import { buildServer, type Role, routeTable } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolationCases } from './channels/isolation-cases.ts';
import { databaseHash, seedTenants } from './channels/tenants.ts';
import { seedIntelligenceOf } from './intelligence/fixtures.ts';

/**
 * The isolation matrix, generated from the routes the server registered: for every /api route,
 * tenant A's partner token and customer key reach for tenant B's objects and must get 403/404
 * (or, on list routes, none of B's objects) and change nothing. A route that lets partners or
 * customers in without a case in isolation-cases.ts fails here, so none can be forgotten.
 */
describe('tenant isolation matrix', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let t: Awaited<ReturnType<typeof seedTenants>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
    await app.ready();
    t = await seedTenants(ctx);
    // Intelligence outputs and an inquiry of tenant B (scores, segments, inquiries, forecasts).
    await seedIntelligenceOf(ctx, {
      partnerId: t.b.partner.id,
      customerId: t.b.customer.id,
      dealId: t.b.deal.id,
    });
    // Usage of tenant B, which A's lists must not show.
    await ctx.db
      .insertInto('usage_events')
      .values({
        id: 'evt_of_b',
        endpoint_id: 'ep_stub',
        customer_id: t.b.customer.id,
        partner_id: t.b.partner.id,
        api_key_id: t.b.key.id,
        occurred_at: new Date().toISOString(),
        latency_ms: 1,
        type: 'qudao.prediction',
        source: '/endpoints/stub',
        quantity: 1,
        product_id: t.product.id,
        idempotency_key: 'key-of-b',
        data_json: '{}',
      })
      .execute();
    // A logged prediction of tenant B (the prediction log), which A may neither read nor label.
    const at = new Date().toISOString();
    await ctx.db
      .insertInto('prediction_log')
      .values({
        id: 'pr_of_b',
        endpoint_id: 'ep_stub',
        endpoint: 'stub',
        model_version_id: 'mv_stub',
        model: 'stub',
        version: 1,
        arm: 'primary',
        shadow_of: null,
        caller: `customer:${t.b.customer.id}`,
        customer_id: t.b.customer.id,
        partner_id: t.b.partner.id,
        at,
        day: at.slice(0, 10),
        latency_ms: 1,
        status: 200,
        error_code: null,
        rows: 1,
        input_kind: 'none',
        input: null,
        output_json: '{"labels":["a"],"confidence":[0.9]}',
        agrees: null,
      })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('every /api route declares who may call it, and analysts only read', () => {
    const routes = routeTable(app);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      expect(route.access, `${route.method} ${route.url}`).toBeDefined();
      if (Array.isArray(route.access) && route.access.includes('analyst')) {
        expect(route.method, `${route.method} ${route.url} lets analysts write`).toBe('GET');
      }
    }
  });

  it("refuses every other tenant's object to a partner and a customer, and changes nothing", async () => {
    const cases = isolationCases(t);
    const foreign = cases.foreignIds;
    const actors: { role: Role; token: string }[] = [
      { role: 'partner', token: t.a.token.token },
      { role: 'customer', token: t.a.key.key },
      { role: 'analyst', token: t.analyst.token },
    ];
    const missing: string[] = [];
    let checked = 0;
    for (const route of routeTable(app)) {
      if (route.access === 'public' || !Array.isArray(route.access)) continue;
      const name = `${route.method} ${route.url}`;
      for (const actor of actors) {
        const allowed = route.access.includes(actor.role);
        if (actor.role === 'analyst' && allowed) continue; // staff: reads everything by design
        const spec = cases.routes[name];
        if (allowed && !spec) {
          missing.push(`${name} (${actor.role})`);
          continue;
        }
        const url = route.url.replace(/:(\w+)/g, (_, param: string) => {
          const value = spec?.params?.[param] ?? cases.params[param];
          if (value === undefined && allowed) missing.push(`${name}: param :${param}`);
          return encodeURIComponent(value ?? 'x');
        });
        const before = await databaseHash(ctx);
        const res = await app.inject({
          method: route.method as 'GET',
          url: url + (spec?.query ?? ''),
          headers: { authorization: `Bearer ${actor.token}`, ...spec?.headers },
          ...(route.method === 'GET' ? {} : { payload: spec?.body ?? {} }),
        });
        const label = `${name} as ${actor.role} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (!allowed) expect(res.statusCode, label).toBe(403);
        else if (spec!.expect === 'denied') expect([403, 404], label).toContain(res.statusCode);
        else {
          expect(res.statusCode, label).toBe(200);
          for (const id of foreign) expect(res.body, `${label} leaks ${id}`).not.toContain(id);
        }
        expect(await databaseHash(ctx), `${label} changed the database`).toBe(before);
        checked++;
      }
    }
    expect(missing, 'routes open to partners or customers without an isolation case').toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it("shows a partner its own customers and a customer only itself (the lists aren't just empty)", async () => {
    const get = async (url: string, token: string) =>
      (await app.inject({ url, headers: { authorization: `Bearer ${token}` } })).json();
    const mine = await get('/api/v1/customers', t.a.token.token);
    expect(mine.map((c: { id: string }) => c.id)).toEqual([t.a.customer.id]);
    expect((await get(`/api/v1/customers/${t.a.customer.id}`, t.a.key.key)).name).toBe('Acme');
    const usage = await get('/api/v1/usage?by=customer', t.b.token.token);
    expect(usage[0].id).toBe(t.b.customer.id);
    const scores = await get('/api/v1/intelligence/scores', t.b.token.token);
    expect(scores.customers.map((c: { customerId: string }) => c.customerId)).toEqual([
      t.b.customer.id,
    ]);
    const inquiries = await get('/api/v1/intelligence/inquiries', t.b.key.key);
    expect(inquiries.map((q: { id: string }) => q.id)).toEqual(['inq_of_b']);
    const keys = await get(`/api/v1/customers/${t.a.customer.id}/keys`, t.a.token.token);
    expect(keys.map((k: { id: string }) => k.id)).toEqual([t.a.key.id]);
    // A reseller's customers' invoices (issued in its name): the reseller and the owner only.
    const retail = await get('/api/v1/invoices', t.c.token.token);
    expect(retail.map((i: { id: string; issuer: string }) => [i.id, i.issuer])).toEqual([
      [t.c.invoice.id, 'partner'],
    ]);
    const owner = await get('/api/v1/invoices', ctx.ownerToken);
    expect(owner.map((i: { id: string }) => i.id)).toContain(t.c.invoice.id);
    const wholesale = await get('/api/v1/wholesale-invoices', t.c.token.token);
    expect(wholesale.map((w: { id: string }) => w.id)).toEqual([t.c.wholesale.id]);
  });
});
