import {
  buildServer,
  closePeriod,
  createApiKey,
  createCommissionRule,
  createCustomer,
  createPartner,
  createPartnerReferralCode,
  createPlan,
  createProduct,
  listStatements,
  setReferralSettings,
  subscribe,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;

/**
 * Referral attribution: codes and links per partner, touches recorded without credentials, the
 * owner's window and first/last-touch rule picking the partner at sign-up, a direct customer
 * attributed by the code its key was made with, and the attribution following the customer's
 * invoices for the rule's number of months.
 */
describe('referral attribution', () => {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let alpha: { id: string; code: string };
  let beta: { id: string; code: string };
  const touch = (code: string, visitor: string) =>
    app.inject({ method: 'POST', url: '/api/v1/referral-touches', payload: { code, visitor } });

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
        created_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
      })
      .execute();
    const plan = await createPlan(ctx, {
      name: 'Monthly',
      currency: 'USD',
      monthlyFeeMinor: 10000,
    });
    await createProduct(ctx, { name: 'V', endpoint: 'v', plan: plan.id });
    const a = await createPartner(ctx, { name: 'Alpha' });
    const b = await createPartner(ctx, { name: 'Beta' });
    alpha = {
      id: a.id,
      code: (await createPartnerReferralCode(ctx, a.id, { code: 'alpha-1' })).code,
    };
    beta = { id: b.id, code: (await createPartnerReferralCode(ctx, b.id, {})).code };
    await createCommissionRule(ctx, { tier: 'registered', rateBps: 2000, maxMonths: 2 });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('gives each partner a code and a link; an unknown code is refused to anyone', async () => {
    expect(alpha.code).toBe('ALPHA-1');
    const res = await app.inject({
      url: `/api/v1/partners/${alpha.id}/referral-codes`,
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(res.json()).toEqual([
      expect.objectContaining({
        code: 'ALPHA-1',
        link: '/signup?ref=ALPHA-1',
        partnerId: alpha.id,
      }),
    ]);
    const unknown = await touch('NOPE-0000', 'visitor-unknown');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('channels.referral_code_not_found');
    expect(await ctx.db.selectFrom('referral_touches').selectAll().execute()).toEqual([]);
  });

  it('attributes a sign-up to the last touch by default, to the first when the owner says so', async () => {
    expect((await touch(alpha.code, 'visitor-one')).statusCode).toBe(201);
    clock.advance(DAY);
    await touch(beta.code, 'visitor-one');
    clock.advance(DAY);
    const last = await createCustomer(ctx, { name: 'Last', referral: { visitor: 'visitor-one' } });
    expect(last.partnerId).toBe(beta.id);

    await setReferralSettings(ctx, { windowDays: 30, rule: 'first_touch' });
    await touch(alpha.code, 'visitor-two');
    clock.advance(DAY);
    await touch(beta.code, 'visitor-two');
    const first = await createCustomer(ctx, {
      name: 'First',
      referral: { visitor: 'visitor-two' },
    });
    expect(first.partnerId).toBe(alpha.id);
    const [attribution] = await ctx.db
      .selectFrom('referral_attributions')
      .selectAll()
      .where('customer_id', '=', first.id)
      .execute();
    expect(attribution).toMatchObject({
      partner_id: alpha.id,
      code: 'ALPHA-1',
      rule: 'first_touch',
    });
  });

  it('ignores touches older than the window: the customer is direct', async () => {
    await touch(alpha.code, 'visitor-old');
    clock.advance(31 * DAY);
    const late = await createCustomer(ctx, { name: 'Late', referral: { visitor: 'visitor-old' } });
    expect(late.partnerId).toBeNull();
  });

  it('attributes a direct customer through the code its key is made with, within the window', async () => {
    const direct = await createCustomer(ctx, { name: 'Keyed' });
    await createApiKey(ctx, direct.id, { referralCode: beta.code });
    const after = await app.inject({
      url: `/api/v1/customers/${direct.id}`,
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(after.json()).toMatchObject({ partnerId: beta.id, partnerName: 'Beta' });
    const again = await createCustomer(ctx, { name: 'Too late' });
    clock.advance(31 * DAY);
    await expect(createApiKey(ctx, again.id, { referralCode: beta.code })).rejects.toMatchObject({
      code: 'channels.attribution_window_passed',
    });
    // Nothing half-written: no key, no attribution.
    expect(
      await ctx.db.selectFrom('api_keys').selectAll().where('customer_id', '=', again.id).execute(),
    ).toEqual([]);
  });

  it("follows the customer's invoices for the rule's months, then stops", async () => {
    const fresh = new ManualClock('2031-01-10T00:00:00.000Z');
    const c2 = await createTestContext({ clock: fresh });
    try {
      await c2.db
        .insertInto('endpoints')
        .values({
          id: 'ep_v',
          name: 'v',
          model_version_id: 'mv',
          status: 'active',
          created_at: fresh.now().toISOString(),
          updated_at: fresh.now().toISOString(),
        })
        .execute();
      const plan = await createPlan(c2, { name: 'M', currency: 'USD', monthlyFeeMinor: 10000 });
      const product = await createProduct(c2, { name: 'V', endpoint: 'v', plan: plan.id });
      const partner = await createPartner(c2, { name: 'Gamma' });
      const { code } = await createPartnerReferralCode(c2, partner.id, { code: 'GAMMA' });
      await createCommissionRule(c2, { partnerId: partner.id, rateBps: 2000, maxMonths: 2 });
      const customer = await createCustomer(c2, { name: 'Referred', referral: { code } });
      await subscribe(c2, customer.id, { productId: product.id });
      const totals: number[] = [];
      for (const [start, end] of [
        ['2031-01-01', '2031-02-01'],
        ['2031-02-01', '2031-03-01'],
        ['2031-03-01', '2031-04-01'],
      ] as const) {
        fresh.set(`${end}T00:00:00.000Z`);
        const closed = await closePeriod(c2, {
          start: `${start}T00:00:00Z`,
          end: `${end}T00:00:00Z`,
        });
        totals.push(closed.statements[0]?.totalMinor ?? 0);
      }
      // January (the sign-up month counts as the first) and February; none in March.
      expect(totals).toEqual([2000, 2000, 0]);
      expect((await listStatements(c2)).length).toBe(2);
    } finally {
      await c2.dispose();
    }
  });
});
