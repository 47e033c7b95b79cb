import {
  buildServer,
  closePeriod,
  createAccessToken,
  createCustomer,
  createDeal,
  createPartner,
  createPlan,
  createProduct,
  listPartners,
  subscribe,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Partner programme: tier promotion, lead distribution, marketing development funds. */
describe('partner programme', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let partnerId: string;
  let partnerToken: string;
  const as = (token: string) => (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  let owner: ReturnType<typeof as>;
  let partner: ReturnType<typeof as>;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
    owner = as(ctx.ownerToken);
    const now = new Date().toISOString();
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: 'ep',
        name: 'e',
        model_version_id: 'mv',
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const plan = await createPlan(ctx, { name: 'P', currency: 'USD', monthlyFeeMinor: 1000 });
    const product = await createProduct(ctx, { name: 'E', endpoint: 'e', plan: plan.id });
    const p = await createPartner(ctx, { name: 'Climber' });
    const idle = await createPartner(ctx, { name: 'Idle', tier: 'gold' });
    partnerId = p.id;
    for (let i = 0; i < 5; i++) {
      const c = await createCustomer(ctx, { name: `c${i}`, partnerId: p.id });
      await subscribe(ctx, c.id, { productId: product.id, startedAt: '2024-01-01T00:00:00Z' });
    }
    await createCustomer(ctx, { name: 'idle customer', partnerId: idle.id });
    await closePeriod(ctx, { start: '2024-05-01T00:00:00Z', end: '2024-06-01T00:00:00Z' });
    partnerToken = (await createAccessToken(ctx, { role: 'partner', name: 'p', partnerId: p.id }))
      .token;
    partner = as(partnerToken);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('promotes by paying customers: shadow first, then for real, never demoting', async () => {
    const shadow = (await owner('POST', '/api/v1/programme/promotions', { shadow: true })).json();
    expect(shadow.changes).toEqual([
      { partnerId, name: 'Climber', from: 'registered', to: 'gold', payingCustomers: 5 },
    ]);
    expect((await listPartners(ctx)).find((x) => x.id === partnerId)!.tier).toBe('registered');
    await owner('POST', '/api/v1/programme/promotions', {});
    const tiers = Object.fromEntries((await listPartners(ctx)).map((x) => [x.name, x.tier]));
    expect(tiers).toEqual({ Climber: 'gold', Idle: 'gold' });
  });

  it('distributes a lead: offered, worked only after accepting, declined back', async () => {
    const lead = await createDeal(ctx, { company: 'Inbound Co', source: 'inbound' });
    const offered = (await owner('POST', `/api/v1/deals/${lead.id}/offer`, { partnerId })).json();
    expect(offered).toMatchObject({ partnerId, registration: 'offered', source: 'inbound' });
    const early = await partner('POST', `/api/v1/deals/${lead.id}/stage`, { stage: 'qualified' });
    expect(early.json().error.code).toBe('deals.offer_not_accepted');
    expect((await partner('POST', `/api/v1/deals/${lead.id}/accept`)).json().registration).toBe(
      'approved',
    );
    expect(
      (await partner('POST', `/api/v1/deals/${lead.id}/stage`, { stage: 'qualified' })).json()
        .stage,
    ).toBe('qualified');
    const other = await createDeal(ctx, { company: 'Other Co' });
    await owner('POST', `/api/v1/deals/${other.id}/offer`, { partnerId });
    const declined = (await partner('POST', `/api/v1/deals/${other.id}/decline`)).json();
    expect(declined).toMatchObject({ partnerId: null, registration: 'direct' });
  });

  it('runs MDF request → approve → claim with proof → reimburse (shadow first)', async () => {
    const req = (
      await partner('POST', '/api/v1/mdf', {
        purpose: 'booth at a trade fair',
        amountMinor: 200000,
      })
    ).json();
    expect(req.status).toBe('requested');
    expect(
      (await partner('POST', `/api/v1/mdf/${req.id}/claim`, { spentMinor: 1, proof: 'x' })).json()
        .error.code,
    ).toBe('programme.mdf_bad_step');
    expect((await partner('POST', `/api/v1/mdf/${req.id}/approve`)).statusCode).toBe(403);
    await owner('POST', `/api/v1/mdf/${req.id}/approve`);
    const over = await partner('POST', `/api/v1/mdf/${req.id}/claim`, {
      spentMinor: 200001,
      proof: 'inv-1',
    });
    expect(over.json().error.code).toBe('programme.mdf_overspent');
    await partner('POST', `/api/v1/mdf/${req.id}/claim`, {
      spentMinor: 180000,
      proof: 'invoice FAIR-2024-17',
    });
    const shadow = (
      await owner('POST', `/api/v1/mdf/${req.id}/reimburse`, { shadow: true })
    ).json();
    expect(shadow).toMatchObject({ shadow: true, payMinor: 180000, mdf: { status: 'claimed' } });
    const paid = (await owner('POST', `/api/v1/mdf/${req.id}/reimburse`, {})).json();
    expect(paid.mdf.status).toBe('reimbursed');
  });
});
