import {
  answerOffer,
  closePeriod,
  createCommissionRule,
  createCustomer,
  createDeal,
  createPartner,
  createPlan,
  createProduct,
  decideRegistration,
  listInvoices,
  listStatements,
  moveDeal,
  offerLead,
  subscribe,
  verifyPeriod,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MARCH = { start: '2025-03-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' };

/**
 * March 2025, computed by hand (see docs/channels.md, "A month by hand"):
 *
 * Plans (USD, cents)
 *   Growth: per call, fee 100.00 covering 1,000 calls, graduated tiers 5¢ up to 2,000 billable
 *           calls then 3¢, quota 5,000 calls, overage 8¢.
 *   Bulk:   per 1,000 units, no fee, volume tiers 1.50 up to 10,000 units, 1.20 above.
 * Rules: gold 20% first year / 10% renewal, bounty 500.00; silver 15% / 5%, bounty 200.00.
 *
 * C1 (gold P1, since 2025-01-15, first year), Growth subscribed, 5,300 calls:
 *   fee 10000 + tier 1: 1,000 × 5 = 5000 + tier 2: 3,000 × 3 = 9000 + overage 300 × 8 = 2400
 *   = 26400 → P1 20% = 5280
 * C2 (gold P1, since 2023-06-01, renewal), Growth subscribed with no calls, Bulk 12,345 units:
 *   fee 10000 + volume 12,345 × 120 / 1000 = 1481.4 → 1481 = 11481 → P1 10% = 1148.1 → 1148
 * C3 (silver P2, since 2025-02-01), Growth subscribed, 1,500 calls:
 *   fee 10000 + tier 1: 500 × 5 = 2500 = 12500 → P2 15% = 1875
 * C4 (direct), Bulk 800 units: 800 × 150 / 1000 = 120 → no commission
 * Deals (a bounty is paid on a won deal whose registration the owner approved, or on a lead the
 * owner offered and the partner accepted):
 *   P1 approved, won 2025-03-20 → bounty 50000; P1 never approved, won in March → none.
 *   P2 offered lead, accepted, won 2025-03-25 → bounty 20000; P2 offered lead never accepted,
 *   won by the owner in March → none; P2 won 2025-02-28 (February), lost one in March → none.
 * P1 statement: 5280 + 1148 + 50000 = 56428. P2: 1875 + 20000 = 21875.
 */
describe('statements: a hand-computed month', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const ids: Record<string, string> = {};

  async function events(
    customerId: string,
    productId: string,
    endpointId: string,
    quantities: number[],
    at: string,
  ) {
    const customer = await ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    const rows = quantities.map((quantity, i) => ({
      id: `evt_${customerId}_${productId}_${at}_${i}`,
      endpoint_id: endpointId,
      customer_id: customerId,
      partner_id: customer.partner_id,
      api_key_id: 'key_raw',
      occurred_at: at,
      latency_ms: 1,
      type: 'qudao.prediction',
      source: '/endpoints/raw',
      quantity,
      product_id: productId,
      idempotency_key: null,
      data_json: '{}',
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await ctx.db
        .insertInto('usage_events')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const now = new Date().toISOString();
    for (const name of ['vision', 'text']) {
      await ctx.db
        .insertInto('endpoints')
        .values({
          id: `ep_${name}`,
          name,
          model_version_id: 'mv',
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const growth = await createPlan(ctx, {
      name: 'Growth',
      currency: 'USD',
      unit: 'call',
      monthlyFeeMinor: 10000,
      includedUnits: 1000,
      tierMode: 'graduated',
      tiers: [
        { upTo: 1000, priceMinor: 5 },
        { upTo: null, priceMinor: 3 },
      ],
      quotaUnits: 5000,
      overagePriceMinor: 8,
    });
    const bulk = await createPlan(ctx, {
      name: 'Bulk',
      currency: 'usd',
      unit: 'thousand_units',
      tierMode: 'volume',
      tiers: [
        { upTo: 10000, priceMinor: 150 },
        { upTo: null, priceMinor: 120 },
      ],
    });
    const vision = await createProduct(ctx, {
      name: 'Vision',
      endpoint: 'vision',
      plan: growth.id,
    });
    const text = await createProduct(ctx, { name: 'Text', endpoint: 'text', plan: 'Bulk' });
    expect(bulk.currency).toBe('USD');
    const p1 = await createPartner(ctx, { name: 'Gold Partner', tier: 'gold' });
    const p2 = await createPartner(ctx, { name: 'Silver Partner', tier: 'silver' });
    await createCommissionRule(ctx, {
      tier: 'gold',
      firstYearBps: 2000,
      renewalBps: 1000,
      bountyMinor: 50000,
    });
    await createCommissionRule(ctx, {
      tier: 'silver',
      firstYearBps: 1500,
      renewalBps: 500,
      bountyMinor: 20000,
    });
    const c1 = await createCustomer(ctx, {
      name: 'C1',
      partnerId: p1.id,
      since: '2025-01-15T00:00:00Z',
    });
    const c2 = await createCustomer(ctx, {
      name: 'C2',
      partnerId: p1.id,
      since: '2023-06-01T00:00:00Z',
    });
    const c3 = await createCustomer(ctx, {
      name: 'C3',
      partnerId: p2.id,
      since: '2025-02-01T00:00:00Z',
    });
    const c4 = await createCustomer(ctx, { name: 'C4' });
    Object.assign(ids, { p1: p1.id, p2: p2.id, c1: c1.id, c2: c2.id, c3: c3.id, c4: c4.id });
    for (const c of [c1, c2, c3]) {
      await subscribe(ctx, c.id, { productId: vision.id, startedAt: '2025-01-01T00:00:00Z' });
    }
    await events(c1.id, vision.id, 'ep_vision', Array(5300).fill(1), '2025-03-10T12:00:00.000Z');
    await events(c2.id, text.id, 'ep_text', [5000, 5000, 2345], '2025-03-31T23:59:59.999Z');
    await events(c3.id, vision.id, 'ep_vision', Array(1500).fill(1), '2025-03-01T00:00:00.000Z');
    await events(c4.id, text.id, 'ep_text', [800], '2025-03-15T08:00:00.000Z');
    // Outside March: must not count.
    await events(c1.id, vision.id, 'ep_vision', [1, 1], '2025-02-28T23:59:59.999Z');
    await events(c4.id, text.id, 'ep_text', [999], '2025-04-01T00:00:00.000Z');
    // Deals are dated in February and March (staff import their history, in order).
    const FEB = '2025-02-01T00:00:00Z';
    const win = async (id: string, at: string) => {
      for (const stage of ['qualified', 'proposal'] as const) {
        await moveDeal(ctx, id, { stage, at: FEB });
      }
      await moveDeal(ctx, id, { stage: 'won', at });
    };
    const won = await createDeal(ctx, {
      company: 'Won Co',
      partnerId: p1.id,
      valueMinor: 900000,
      createdAt: FEB,
    });
    expect((await decideRegistration(ctx, won.id, 'approved')).registration).toBe('approved');
    await win(won.id, '2025-03-20T10:00:00Z');
    const unapproved = await createDeal(ctx, {
      company: 'Unapproved Co',
      partnerId: p1.id,
      createdAt: FEB,
    });
    expect(unapproved.registration).toBe('pending');
    await win(unapproved.id, '2025-03-21T10:00:00Z');
    const offered = await createDeal(ctx, { company: 'Offered Co', createdAt: FEB });
    await offerLead(ctx, offered.id, p2.id);
    const asP2 = { kind: 'partner' as const, partnerId: p2.id, tokenId: 'tok_test' };
    expect((await answerOffer(ctx, offered.id, 'accept', asP2)).registration).toBe('approved');
    await win(offered.id, '2025-03-25T10:00:00Z');
    const ignored = await createDeal(ctx, { company: 'Ignored Co', createdAt: FEB });
    await offerLead(ctx, ignored.id, p2.id);
    await win(ignored.id, '2025-03-26T10:00:00Z');
    const february = await createDeal(ctx, { company: 'Feb Co', partnerId: p2.id, createdAt: FEB });
    for (const stage of ['qualified', 'proposal'] as const)
      await moveDeal(ctx, february.id, { stage, at: FEB });
    await moveDeal(ctx, february.id, { stage: 'won', at: '2025-02-28T10:00:00Z' });
    const lost = await createDeal(ctx, { company: 'Lost Co', partnerId: p2.id, createdAt: FEB });
    await moveDeal(ctx, lost.id, { stage: 'lost', at: '2025-03-05T10:00:00Z' });
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it('shadow mode reports the statements and writes nothing', async () => {
    const shadow = await closePeriod(ctx, { ...MARCH, shadow: true });
    expect(shadow.periodId).toBeNull();
    expect(shadow.invoices.map((i) => i.totalMinor).sort((a, b) => a - b)).toEqual([
      120, 11481, 12500, 26400,
    ]);
    expect(await listInvoices(ctx)).toEqual([]);
  });

  it('matches the hand-computed invoices and commission statements to the cent', async () => {
    const closed = await closePeriod(ctx, MARCH);
    expect(closed.events).toBe(5300 + 3 + 1500 + 1);
    const invoices = new Map((await listInvoices(ctx)).map((i) => [i.customerId, i]));
    const amounts = (customer: string) =>
      invoices.get(ids[customer]!)!.lines.map((l) => [l.product, l.kind, l.units, l.amountMinor]);
    expect(amounts('c1')).toEqual([
      ['Vision', 'fee', 1, 10000],
      ['Vision', 'included', 1000, 0],
      ['Vision', 'tier', 1000, 5000],
      ['Vision', 'tier', 3000, 9000],
      ['Vision', 'overage', 300, 2400],
    ]);
    expect(invoices.get(ids.c1!)!.totalMinor).toBe(26400);
    expect(invoices.get(ids.c2!)!.totalMinor).toBe(11481);
    expect(amounts('c2')).toContainEqual(['Text', 'tier', 12345, 1481]);
    expect(invoices.get(ids.c3!)!.totalMinor).toBe(12500);
    expect(invoices.get(ids.c4!)!.totalMinor).toBe(120);
    expect([...invoices.values()].every((i) => i.currency === 'USD')).toBe(true);

    const statements = new Map((await listStatements(ctx)).map((s) => [s.partnerId, s]));
    const p1 = statements.get(ids.p1!)!;
    const p1Lines = p1.lines.map((l) => [l.kind, l.term, l.basisMinor, l.rateBps, l.amountMinor]);
    expect(p1Lines).toHaveLength(3);
    expect(p1Lines).toEqual(
      expect.arrayContaining([
        ['revenue_share', 'first_year', 26400, 2000, 5280],
        ['revenue_share', 'renewal', 11481, 1000, 1148],
        ['bounty', null, 0, null, 50000],
      ]),
    );
    expect(p1.totalMinor).toBe(56428);
    const p2 = statements.get(ids.p2!)!;
    expect(p2.lines.map((l) => [l.kind, l.description, l.amountMinor])).toEqual([
      ['revenue_share', "15% of C3's invoice (first year)", 1875],
      ['bounty', 'bounty for the deal won with Offered Co', 20000],
    ]);
    expect(p2.totalMinor).toBe(21875);
  });

  it('reproduces the closed month from the raw events', async () => {
    const [period] = await ctx.db.selectFrom('billing_periods').selectAll().execute();
    expect(await verifyPeriod(ctx, period!.id)).toMatchObject({ matches: true });
  });

  it('refuses overlapping periods and leaves the closed one as it was', async () => {
    const before = await listInvoices(ctx);
    for (const period of [
      MARCH,
      { start: '2025-03-15T00:00:00Z', end: '2025-04-15T00:00:00Z' },
      { start: '2025-02-01T00:00:00Z', end: '2025-03-01T00:00:01Z' },
    ]) {
      await expect(closePeriod(ctx, period)).rejects.toMatchObject({
        code: 'billing.period_overlap',
        status: 409,
      });
    }
    await expect(
      closePeriod(ctx, { start: '2025-05-01T00:00:00Z', end: '2025-04-01T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'billing.bad_period' });
    await expect(
      closePeriod(ctx, { start: '2025-04-01T00:00:00Z', end: '2999-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'billing.period_not_over' });
    expect(await listInvoices(ctx)).toEqual(before);
  });
});
