import {
  closePeriod,
  createApiKey,
  createCommissionRule,
  createCreditNote,
  createCustomer,
  createDeal,
  createPartner,
  createPayoutRun,
  createPlan,
  createProduct,
  createRetailPlan,
  decideRegistration,
  listInvoices,
  listPartnerEvents,
  listPartners,
  listTierReviews,
  listWholesaleInvoices,
  moveDeal,
  partnerEarnings,
  setBillingSettings,
  setExchangeRate,
  setPayoutDetails,
  setProductCost,
  setProtectionSettings,
  setTierRules,
  setWholesalePrice,
  subscribe,
  verifyPeriod,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const Q1 = [
  { start: '2030-01-01T00:00:00.000Z', end: '2030-02-01T00:00:00.000Z' },
  { start: '2030-02-01T00:00:00.000Z', end: '2030-03-01T00:00:00.000Z' },
  { start: '2030-03-01T00:00:00.000Z', end: '2030-04-01T00:00:00.000Z' },
] as const;

/**
 * The worked quarter of docs/channels.md ("A quarter by hand"), to the cent. Amounts in minor
 * units (US cents, euro cents). Holding period 14 days, minimum payout 50.00 USD.
 *
 * Referral (R, gold): 20% recurring for 12 months, bounty 500.00; customers C1 and C2 on the
 * 100.00 Monthly plan. Small referral (S, registered): 20%, customer C3 on the 10.00 Small plan.
 * Reseller (W, gold, EUR): product Calls, list 10¢ a call, cost 2¢; wholesale gold 5¢, silver 6¢,
 * minimum margin 20%; 1 USD = 0.9 EUR, so W may not retail under 5 × 0.9 × 1.2 = 5.4 euro cents
 * and retails at 8. Its customer E makes 1,000 calls each month.
 * Tier rules (3 months of revenue, one close of grace): silver 1 active customer and 50.00;
 * gold 2 active customers and 150.00. Protection: gold registrations 30 days.
 *
 * January:  R 2000 + 2000 = 4000; S 200; E's invoice from W 8000 EUR; W's wholesale 5000 USD.
 *           Review: W (1 customer) qualifies for silver only → grace.
 * February: C2's January invoice refunded in full on Feb 20, after the line was approved (Feb 15)
 *           → clawback −2000. Initech (approved Jan 1, protected to Jan 31) won Feb 10: expired,
 *           no bounty; Hooli (approved Feb 1) won Feb 12 → bounty 50000.
 *           R 2000 + 2000 − 2000 + 50000 = 52000; S 200; W wholesale 5000 (gold all February).
 *           Review: W still below gold → demoted to silver.
 * March:    R 4000; S 200; W wholesale 1000 × 6 = 6000 USD (silver); E 8000 EUR.
 * Payout run Apr 2: R's approved January and February lines 4000 + 52000 = 56000 → paid;
 *           S's 200 + 200 = 400 < 5000 → carried over; March stays pending until Apr 15.
 * W's margin: Jan, Feb 8000 − 5000 × 0.9 = 3500 euro cents; March 8000 − 6000 × 0.9 = 2600.
 */
describe('a worked quarter of the partner programme', () => {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const id: Record<string, string> = {};
  const closed: {
    periodId: string | null;
    statements: { partnerId: string; totalMinor: number }[];
  }[] = [];

  async function endpoint(name: string) {
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: `ep_${name}`,
        name,
        model_version_id: 'mv',
        status: 'active',
        created_at: Q1[0].start,
        updated_at: Q1[0].start,
      })
      .execute();
  }
  async function calls(at: string) {
    await ctx.db
      .insertInto('usage_events')
      .values({
        id: `evt_${at}`,
        endpoint_id: 'ep_calls',
        customer_id: id.E!,
        partner_id: id.W!,
        api_key_id: id.keyE!,
        occurred_at: at,
        latency_ms: 1,
        type: 'qudao.prediction',
        source: '/endpoints/calls',
        quantity: 1000,
        product_id: id.calls!,
        idempotency_key: null,
        data_json: '{}',
      })
      .execute();
  }
  const total = (i: number, partnerId: string) =>
    closed[i]?.statements.find((s) => s.partnerId === partnerId)?.totalMinor;

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    for (const name of ['monthly', 'small', 'calls']) await endpoint(name);
    const monthly = await createPlan(ctx, {
      name: 'Monthly',
      currency: 'USD',
      monthlyFeeMinor: 10000,
    });
    const small = await createPlan(ctx, { name: 'Small', currency: 'USD', monthlyFeeMinor: 1000 });
    const list = await createPlan(ctx, {
      name: 'Calls',
      currency: 'USD',
      tiers: [{ upTo: null, priceMinor: 10 }],
    });
    id.monthly = (
      await createProduct(ctx, { name: 'Monthly', endpoint: 'monthly', plan: monthly.id })
    ).id;
    id.small = (await createProduct(ctx, { name: 'Small', endpoint: 'small', plan: small.id })).id;
    id.calls = (await createProduct(ctx, { name: 'Calls', endpoint: 'calls', plan: list.id })).id;
    id.R = (await createPartner(ctx, { name: 'Referral Co', tier: 'gold' })).id;
    id.S = (await createPartner(ctx, { name: 'Small Referrer' })).id;
    id.W = (
      await createPartner(ctx, {
        name: 'Euro Reseller',
        tier: 'gold',
        model: 'wholesale',
        currency: 'EUR',
      })
    ).id;
    for (const [name, partner, product] of [
      ['C1', 'R', 'monthly'],
      ['C2', 'R', 'monthly'],
      ['C3', 'S', 'small'],
    ] as const) {
      id[name] = (await createCustomer(ctx, { name, partnerId: id[partner]! })).id;
      await subscribe(ctx, id[name]!, { productId: id[product]! });
    }
    id.E = (await createCustomer(ctx, { name: 'E', partnerId: id.W })).id;
    id.keyE = (await createApiKey(ctx, id.E)).id;
    await createCommissionRule(ctx, {
      partnerId: id.R,
      rateBps: 2000,
      maxMonths: 12,
      bountyMinor: 50000,
    });
    await createCommissionRule(ctx, { partnerId: id.S, rateBps: 2000, maxMonths: 12 });
    await setBillingSettings(ctx, { holdingDays: 14, minimumPayouts: { USD: 5000 } });
    await setExchangeRate(ctx, { from: 'USD', to: 'EUR', rate: 0.9 });
    await setProductCost(ctx, id.calls, { costMinor: 2, currency: 'USD' });
    for (const [tier, priceMinor] of [
      ['gold', 5],
      ['silver', 6],
    ] as const) {
      await setWholesalePrice(ctx, {
        tier,
        productId: id.calls,
        priceMinor,
        currency: 'USD',
        minMarginBps: 2000,
      });
    }
    await createRetailPlan(ctx, id.W, {
      productId: id.calls,
      name: 'Calls EU',
      tiers: [{ upTo: null, priceMinor: 8 }],
    });
    await setTierRules(ctx, {
      currency: 'USD',
      revenueMonths: 3,
      gracePeriods: 1,
      requirements: {
        silver: { activeCustomers: 1, revenueMinor: 5000 },
        gold: { activeCustomers: 2, revenueMinor: 15000 },
        platinum: { activeCustomers: 1000 },
      },
    });
    await setProtectionSettings(ctx, {
      windows: { registered: 30, silver: 30, gold: 30, platinum: 30 },
      reminderDays: 7,
    });
    id.initech = (await createDeal(ctx, { company: 'Initech', partnerId: id.R })).id;
    id.hooli = (await createDeal(ctx, { company: 'Hooli', partnerId: id.R })).id;
    await decideRegistration(ctx, id.initech, 'approved');

    // January
    await calls('2030-01-10T00:00:00.000Z');
    clock.set(Q1[0].end);
    closed.push(await closePeriod(ctx, Q1[0]));
    await decideRegistration(ctx, id.hooli, 'approved');
    // February
    clock.set('2030-02-10T00:00:00.000Z');
    await calls(clock.now().toISOString());
    for (const stage of ['qualified', 'proposal', 'won'] as const)
      await moveDeal(ctx, id.initech, { stage });
    clock.set('2030-02-12T00:00:00.000Z');
    for (const stage of ['qualified', 'proposal', 'won'] as const)
      await moveDeal(ctx, id.hooli, { stage });
    clock.set('2030-02-20T00:00:00.000Z');
    const c2January = (await listInvoices(ctx)).find((i) => i.customerId === id.C2)!;
    await createCreditNote(ctx, c2January.id, {
      amountMinor: 10000,
      reason: 'refunded in month 2',
    });
    clock.set(Q1[1].end);
    closed.push(await closePeriod(ctx, Q1[1]));
    // March
    await calls('2030-03-10T00:00:00.000Z');
    clock.set(Q1[2].end);
    closed.push(await closePeriod(ctx, Q1[2]));
    for (const p of ['R', 'S']) {
      await setPayoutDetails(ctx, id[p]!, {
        method: 'bank_transfer',
        accountHolder: p,
        account: `ACCT-${p}-0001`,
      });
    }
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it("computes the referral partners' statements, the clawback and the bounties", () => {
    expect([0, 1, 2].map((i) => total(i, id.R!))).toEqual([4000, 52000, 4000]);
    expect([0, 1, 2].map((i) => total(i, id.S!))).toEqual([200, 200, 200]);
    const february = closed[1]!.statements.find((s) => s.partnerId === id.R) as unknown as {
      lines: { kind: string; amountMinor: number; dealId: string | null }[];
    };
    expect(february.lines.filter((l) => l.kind !== 'revenue_share')).toEqual([
      expect.objectContaining({ kind: 'bounty', dealId: id.hooli, amountMinor: 50000 }),
      expect.objectContaining({ kind: 'clawback', amountMinor: -2000 }),
    ]);
    expect(total(0, id.W!)).toBeUndefined();
  });

  it("invoices the reseller's customer in its name and currency and the reseller at its tier's price", async () => {
    const retail = (await listInvoices(ctx)).filter((i) => i.customerId === id.E);
    expect(retail.map((i) => [i.issuer, i.issuerName, i.currency, i.totalMinor])).toEqual(
      Array(3).fill(['partner', 'Euro Reseller', 'EUR', 8000]),
    );
    const wholesale = (await listWholesaleInvoices(ctx)).sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : 1,
    );
    expect(wholesale.map((w) => [w.currency, w.totalMinor])).toEqual([
      ['USD', 5000],
      ['USD', 5000],
      ['USD', 6000],
    ]);
  });

  it('demotes the reseller after one close of grace', async () => {
    const reviews = (await listTierReviews(ctx)).filter((r) => r.partnerId === id.W);
    expect(reviews.map((r) => [r.action, r.tierAfter])).toEqual([
      ['grace', 'gold'],
      ['demoted', 'silver'],
      ['kept', 'silver'],
    ]);
    expect((await listPartners(ctx)).find((p) => p.id === id.R)?.tier).toBe('gold');
  });

  it('lets the registration expire: told to the partner, no bounty', async () => {
    const events = await listPartnerEvents(ctx, { subjectId: id.initech });
    expect(events.map((e) => e.action)).toContain('registration_expired');
  });

  it('pays R and carries S, under the minimum, over', async () => {
    clock.set('2030-04-02T00:00:00.000Z');
    const run = await createPayoutRun(ctx);
    expect(run.items.map((i) => [i.partnerId, i.status, i.reason, i.amountMinor])).toEqual(
      [
        [id.R, 'paid', null, 56000],
        [id.S, 'carried_over', 'below_minimum', 400],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect((await partnerEarnings(ctx, id.R!)).totals[0]).toMatchObject({
      earnedMinor: 62000,
      clawedBackMinor: 2000,
      paidMinor: 56000,
      pendingMinor: 4000,
      balanceMinor: 0,
    });
  });

  it('verifies every closed period to identical statements, payouts and clawbacks included', async () => {
    for (const period of closed) {
      expect(await verifyPeriod(ctx, period.periodId!)).toEqual(
        expect.objectContaining({
          matches: true,
          sameEvents: true,
          sameInvoices: true,
          sameWholesaleInvoices: true,
          sameStatements: true,
          samePayouts: true,
        }),
      );
    }
  });
});
