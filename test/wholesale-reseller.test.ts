import {
  buildServer,
  closePeriod,
  createAccessToken,
  createApiKey,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  listInvoices,
  listStatements,
  listWholesaleInvoices,
  setExchangeRate,
  setProductCost,
  verifyPeriod,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const JAN = { start: '2030-01-01T00:00:00.000Z', end: '2030-02-01T00:00:00.000Z' };

/**
 * The reseller model, by hand. Product V: list price 10 US cents a call, cost 2 cents.
 * Gold wholesale price 5 cents with a 20% minimum margin. The owner's rate: 1 USD = 0.9 EUR.
 * The reseller (gold, EUR) may not retail under 5 × 0.9 × 1.2 = 5.4 euro cents a call; it
 * retails at 8. Its customer makes 1,000 calls in January:
 *   the customer's invoice, issued by the reseller in EUR: 1,000 × 8 = 8000 euro cents;
 *   Qudao's wholesale invoice to the reseller: 1,000 × 5 = 5000 US cents; no commission.
 */
describe('reseller / wholesale model', () => {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let productId: string;
  let reseller: { id: string; token: string };
  let customerId: string;
  const as = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { authorization: `Bearer ${token}` },
    });
  const retail = (priceMinor: number) => ({
    productId,
    name: 'Retail V',
    tiers: [{ upTo: null, priceMinor }],
  });

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    app = await buildServer(ctx);
    await app.ready();
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: 'ep_v',
        name: 'v',
        model_version_id: 'mv',
        status: 'active',
        created_at: JAN.start,
        updated_at: JAN.start,
      })
      .execute();
    const plan = await createPlan(ctx, {
      name: 'List',
      currency: 'USD',
      tiers: [{ upTo: null, priceMinor: 10 }],
    });
    productId = (await createProduct(ctx, { name: 'V', endpoint: 'v', plan: plan.id })).id;
    const partner = await createPartner(ctx, {
      name: 'Euro Reseller',
      tier: 'gold',
      model: 'wholesale',
      currency: 'EUR',
    });
    const token = await createAccessToken(ctx, {
      role: 'partner',
      name: 'r',
      partnerId: partner.id,
    });
    reseller = { id: partner.id, token: token.token };
    customerId = (await createCustomer(ctx, { name: 'Euro Customer', partnerId: partner.id })).id;
    await setExchangeRate(ctx, { from: 'USD', to: 'EUR', rate: 0.9 });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('refuses a wholesale price under the cost and writes nothing', async () => {
    const noCost = await as(ctx.ownerToken, 'POST', '/api/v1/wholesale-prices', {
      tier: 'gold',
      productId,
      priceMinor: 5,
      currency: 'USD',
    });
    expect(noCost.json().error.code).toBe('wholesale.cost_not_set');
    await setProductCost(ctx, productId, { costMinor: 2, currency: 'USD' });
    const under = await as(ctx.ownerToken, 'POST', '/api/v1/wholesale-prices', {
      tier: 'gold',
      productId,
      priceMinor: 1,
      currency: 'USD',
    });
    expect(under.statusCode).toBe(400);
    expect(under.json().error.code).toBe('wholesale.price_under_cost');
    expect(await ctx.db.selectFrom('wholesale_prices').selectAll().execute()).toEqual([]);
    const set = await as(ctx.ownerToken, 'POST', '/api/v1/wholesale-prices', {
      tier: 'gold',
      productId,
      priceMinor: 5,
      currency: 'USD',
      minMarginBps: 2000,
    });
    expect(set.statusCode).toBe(201);
  });

  it("holds the reseller's retail prices to the owner's floor, in the reseller's currency", async () => {
    const low = await as(reseller.token, 'POST', `/api/v1/partners/${reseller.id}/retail-plans`, {
      ...retail(5),
    });
    expect(low.statusCode).toBe(400);
    expect(low.json().error.code).toBe('wholesale.retail_below_floor');
    expect(low.json().error.message).toContain('5.40');
    const ok = await as(reseller.token, 'POST', `/api/v1/partners/${reseller.id}/retail-plans`, {
      ...retail(8),
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ currency: 'EUR', tiers: [{ upTo: null, priceMinor: 8 }] });
  });

  it("invoices the customer in the reseller's name and currency, and the reseller wholesale", async () => {
    const key = await createApiKey(ctx, customerId);
    await ctx.db
      .insertInto('usage_events')
      .values({
        id: 'evt_r',
        endpoint_id: 'ep_v',
        customer_id: customerId,
        partner_id: reseller.id,
        api_key_id: key.id,
        occurred_at: '2030-01-15T00:00:00.000Z',
        latency_ms: 1,
        type: 'qudao.prediction',
        source: '/endpoints/v',
        quantity: 1000,
        product_id: productId,
        idempotency_key: null,
        data_json: '{}',
      })
      .execute();
    clock.set(JAN.end);
    const closed = await closePeriod(ctx, JAN);
    expect(closed.invoices).toEqual([
      expect.objectContaining({
        customerId,
        partnerId: reseller.id,
        currency: 'EUR',
        totalMinor: 8000,
        issuer: 'partner',
        issuerName: 'Euro Reseller',
      }),
    ]);
    const [wholesale] = await listWholesaleInvoices(ctx);
    expect(wholesale).toMatchObject({ partnerId: reseller.id, currency: 'USD', totalMinor: 5000 });
    expect(wholesale?.lines).toEqual([
      expect.objectContaining({
        kind: 'wholesale',
        units: 1000,
        unitPriceMinor: 5,
        amountMinor: 5000,
      }),
    ]);
    expect(await listStatements(ctx)).toEqual([]);
    expect((await verifyPeriod(ctx, closed.periodId!)).matches).toBe(true);
  });

  it("lets the reseller see its wholesale invoice and its customers' invoices; Qudao never credits them", async () => {
    const mine = await as(reseller.token, 'GET', '/api/v1/wholesale-invoices');
    expect(mine.json()).toHaveLength(1);
    const invoices = await as(reseller.token, 'GET', '/api/v1/invoices');
    expect(invoices.json().map((i: { customerId: string }) => i.customerId)).toEqual([customerId]);
    const [invoice] = await listInvoices(ctx);
    const credit = await as(
      ctx.ownerToken,
      'POST',
      `/api/v1/invoices/${invoice?.id}/credit-notes`,
      {
        amountMinor: 100,
        reason: 'goodwill',
      },
    );
    expect(credit.statusCode).toBe(409);
    expect(credit.json().error.code).toBe('billing.invoice_not_refundable');
  });
});
