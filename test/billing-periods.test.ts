import {
  buildServer,
  createApiKey,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  subscribe,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Closing periods over HTTP on the context clock: a month closes once the clock has left it. */
describe('billing periods on the clock', () => {
  const clock = new ManualClock('2030-01-20T10:00:00.000Z');
  const JANUARY = { start: '2030-01-01T00:00:00.000Z', end: '2030-02-01T00:00:00.000Z' };
  const FEBRUARY = { start: '2030-02-01T00:00:00.000Z', end: '2030-03-01T00:00:00.000Z' };
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let customerId: string;
  let partnerId: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: 'ep_v',
        name: 'v',
        model_version_id: 'mv',
        status: 'active',
        created_at: JANUARY.start,
        updated_at: JANUARY.start,
      })
      .execute();
    const plan = await createPlan(ctx, {
      name: 'Per row',
      currency: 'USD',
      monthlyFeeMinor: 1000,
      tiers: [{ upTo: null, priceMinor: 2 }],
    });
    const product = await createProduct(ctx, { name: 'Vision', endpoint: 'v', plan: plan.id });
    partnerId = (await createPartner(ctx, { name: 'Reseller', tier: 'gold' })).id;
    const customer = await createCustomer(ctx, {
      name: 'Acme',
      partnerId,
      since: '2029-12-01T00:00:00Z',
    });
    customerId = customer.id;
    await subscribe(ctx, customer.id, { productId: product.id, startedAt: JANUARY.start });
    const key = await createApiKey(ctx, customer.id);
    await ctx.db
      .insertInto('usage_events')
      .values({
        id: 'evt_jan',
        endpoint_id: 'ep_v',
        customer_id: customer.id,
        partner_id: partnerId,
        api_key_id: key.id,
        occurred_at: '2030-01-10T00:00:00.000Z',
        latency_ms: 5,
        type: 'qudao.prediction',
        source: '/endpoints/v',
        quantity: 3,
        product_id: product.id,
        idempotency_key: null,
        data_json: '{}',
      })
      .execute();
    app = await buildServer(ctx);
    const rule = await call('POST', '/api/v1/commission-rules', {
      tier: 'gold',
      firstYearBps: 1000,
      renewalBps: 500,
    });
    expect(rule.statusCode).toBe(201);
    expect(rule.json()).toMatchObject({ tier: 'gold', firstYearBps: 1000, bountyMinor: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('refuses to close a month the clock is still in', async () => {
    const early = await call('POST', '/api/v1/billing/periods', JANUARY);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('billing.period_not_over');
  });

  it('answers a shadow close with 200 and writes nothing', async () => {
    clock.set('2030-02-01T00:00:00.000Z');
    const shadow = await call('POST', '/api/v1/billing/periods', { ...JANUARY, shadow: true });
    expect(shadow.statusCode).toBe(200);
    expect(shadow.json()).toMatchObject({ periodId: null, shadow: true, events: 1 });
    expect((await call('GET', '/api/v1/billing/periods')).json()).toEqual([]);
  });

  it('closes the month once the clock has left it, stamped with the clock', async () => {
    const closed = await call('POST', '/api/v1/billing/periods', JANUARY);
    expect(closed.statusCode).toBe(201);
    const { periodId, invoices, statements } = closed.json();
    // Fee 10.00 plus 3 rows at 2¢; the gold partner earns 10% of it.
    expect(invoices).toEqual([
      expect.objectContaining({ customerId, partnerId, currency: 'USD', totalMinor: 1006 }),
    ]);
    expect(statements).toEqual([expect.objectContaining({ partnerId, totalMinor: 101 })]);
    expect((await call('GET', '/api/v1/billing/periods')).json()).toEqual([
      {
        id: periodId,
        ...JANUARY,
        status: 'closed',
        closedAt: '2030-02-01T00:00:00.000Z',
        holdingDays: 30,
      },
    ]);
    const early = await call('POST', '/api/v1/billing/periods', FEBRUARY);
    expect(early.json().error.code).toBe('billing.period_not_over');
    const verified = await call('GET', `/api/v1/billing/periods/${periodId}/verify`);
    expect(verified.json()).toEqual({
      periodId,
      matches: true,
      sameEvents: true,
      sameInvoices: true,
      sameWholesaleInvoices: true,
      sameStatements: true,
      samePayouts: true,
    });
  });

  it('serves invoices, statements and their CSV exports', async () => {
    const [invoice] = (await call('GET', '/api/v1/invoices')).json();
    expect(invoice.lines.map((l: { kind: string; units: number }) => [l.kind, l.units])).toEqual([
      ['fee', 1],
      ['tier', 3],
    ]);
    expect((await call('GET', `/api/v1/invoices/${invoice.id}`)).json()).toEqual(invoice);
    const csv = await call('GET', `/api/v1/invoices/${invoice.id}/csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toMatch(/^invoice_id,period_id,customer_id/);
    expect(rows[2]).toContain(',USD,Vision,tier 1–∞,3,2,6,0.06,10.06');
    const [statement] = (await call('GET', '/api/v1/commission-statements')).json();
    expect(statement).toMatchObject({
      partnerId,
      totalMinor: 101,
      createdAt: '2030-02-01T00:00:00.000Z',
    });
    const period = `/api/v1/billing/periods/${invoice.periodId}`;
    const commissions = await call('GET', `${period}/commissions.csv`);
    expect(commissions.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(commissions.body).toContain(
      `${statement.id},${invoice.periodId},${partnerId},USD,revenue_share`,
    );
    expect((await call('GET', `${period}/invoices.csv`)).body).toBe(csv.body);
    const missing = await call('GET', '/api/v1/invoices/inv_nope');
    expect([missing.statusCode, missing.json().error.code]).toEqual([
      404,
      'billing.invoice_not_found',
    ]);
  });
});
