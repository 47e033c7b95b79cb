import {
  buildServer,
  closePeriod,
  createAccessToken,
  createApiKey,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  listTierReviews,
  setTierRules,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MONTHS = [
  ['2030-01-01T00:00:00.000Z', '2030-02-01T00:00:00.000Z'],
  ['2030-02-01T00:00:00.000Z', '2030-03-01T00:00:00.000Z'],
  ['2030-03-01T00:00:00.000Z', '2030-04-01T00:00:00.000Z'],
] as const;

/**
 * Tier rules at each period close: silver needs 1 active customer, gold 2 and 150.00 USD of
 * revenue in the last 3 months; one close of grace. January: two customers, 200.00 → promoted
 * to gold. February: one customer → below gold (qualifies for silver): grace. March: still one
 * → demoted to silver, the grace having run since the end of February.
 */
describe('tier rules with a grace period', () => {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let partnerId: string;
  let token: string;
  let productId: string;
  const customers: string[] = [];
  let n = 0;

  async function calls(customerId: string, quantity: number, at: string) {
    const key = await createApiKey(ctx, customerId);
    await ctx.db
      .insertInto('usage_events')
      .values({
        id: `evt_${n++}`,
        endpoint_id: 'ep_v',
        customer_id: customerId,
        partner_id: partnerId,
        api_key_id: key.id,
        occurred_at: at,
        latency_ms: 1,
        type: 'qudao.prediction',
        source: '/endpoints/v',
        quantity,
        product_id: productId,
        idempotency_key: null,
        data_json: '{}',
      })
      .execute();
  }

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
        created_at: MONTHS[0][0],
        updated_at: MONTHS[0][0],
      })
      .execute();
    const plan = await createPlan(ctx, {
      name: 'Per call',
      currency: 'USD',
      tiers: [{ upTo: null, priceMinor: 10 }],
    });
    productId = (await createProduct(ctx, { name: 'V', endpoint: 'v', plan: plan.id })).id;
    partnerId = (await createPartner(ctx, { name: 'Climber' })).id;
    token = (await createAccessToken(ctx, { role: 'partner', name: 'c', partnerId })).token;
    for (const name of ['A', 'B']) {
      customers.push((await createCustomer(ctx, { name, partnerId })).id);
    }
    await setTierRules(ctx, {
      currency: 'USD',
      revenueMonths: 3,
      gracePeriods: 1,
      requirements: {
        silver: { activeCustomers: 1 },
        gold: { activeCustomers: 2, revenueMinor: 15000 },
        platinum: { activeCustomers: 100 },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const tierNow = async () =>
    (
      await app.inject({
        url: `/api/v1/partners/${partnerId}`,
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
      })
    ).json().tier;

  it('promotes at the close where the requirements are met', async () => {
    for (const c of customers) await calls(c, 1000, '2030-01-10T00:00:00.000Z');
    clock.set(MONTHS[0][1]);
    await closePeriod(ctx, { start: MONTHS[0][0], end: MONTHS[0][1] });
    expect(await tierNow()).toBe('gold');
  });

  it('keeps the tier through the grace period, then demotes to the tier qualified for', async () => {
    await calls(customers[0]!, 1000, '2030-02-10T00:00:00.000Z');
    clock.set(MONTHS[1][1]);
    await closePeriod(ctx, { start: MONTHS[1][0], end: MONTHS[1][1] });
    expect(await tierNow()).toBe('gold');
    await calls(customers[0]!, 1000, '2030-03-10T00:00:00.000Z');
    clock.set(MONTHS[2][1]);
    await closePeriod(ctx, { start: MONTHS[2][0], end: MONTHS[2][1] });
    expect(await tierNow()).toBe('silver');
    const reviews = await listTierReviews(ctx);
    expect(reviews.map((r) => [r.action, r.tierBefore, r.tierAfter, r.belowSince])).toEqual([
      ['promoted', 'registered', 'gold', null],
      ['grace', 'gold', 'gold', MONTHS[1][1]],
      ['demoted', 'gold', 'silver', MONTHS[1][1]],
    ]);
    expect(reviews.map((r) => r.metrics)).toEqual([
      { revenueMinor: 20000, activeCustomers: 2, certifiedUsers: 0, winRateBps: 0 },
      { revenueMinor: 30000, activeCustomers: 1, certifiedUsers: 0, winRateBps: 0 },
      { revenueMinor: 40000, activeCustomers: 1, certifiedUsers: 0, winRateBps: 0 },
    ]);
  });

  it("shows the partner its progress to the next tier, and refuses another's", async () => {
    const res = await app.inject({
      url: `/api/v1/partners/${partnerId}/tier-progress`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      tier: 'silver',
      nextTier: 'gold',
      asOf: MONTHS[2][1],
      missing: { activeCustomers: 1, revenueMinor: 0, certifiedUsers: 0, winRateBps: 0 },
    });
    const other = (await createPartner(ctx, { name: 'Other' })).id;
    const denied = await app.inject({
      url: `/api/v1/partners/${other}/tier-progress`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(denied.statusCode).toBe(404);
  });
});
