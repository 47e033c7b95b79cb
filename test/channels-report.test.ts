import {
  addMarketCell,
  buildServer,
  channelReport,
  createAccessToken,
  createApiKey,
  createCustomer,
  createDeal,
  createFeedback,
  createPartner,
  createPlan,
  createProduct,
  moveDeal,
  resolveComplaint,
  setStrategy,
  subscribe,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The KPI report of a small, hand-checkable month (March 2025). */
describe('channel KPI report', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    const now = new Date().toISOString();
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: 'ep_v',
        name: 'v',
        model_version_id: 'mv',
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const plan = await createPlan(ctx, { name: 'P', currency: 'USD', monthlyFeeMinor: 10000 });
    const product = await createProduct(ctx, { name: 'Vision', endpoint: 'v', plan: plan.id });
    const partner = await createPartner(ctx, { name: 'Ref', channel: 'referral', regions: ['EU'] });
    const viaPartner = await createCustomer(ctx, {
      name: 'A',
      partnerId: partner.id,
      region: 'EU',
      industry: 'retail',
    });
    const direct = await createCustomer(ctx, { name: 'B', region: 'APAC', industry: 'finance' });
    for (const c of [viaPartner, direct]) {
      await subscribe(ctx, c.id, { productId: product.id, startedAt: '2025-01-01T00:00:00Z' });
    }
    const key = await createApiKey(ctx, direct.id);
    await ctx.db
      .updateTable('api_keys')
      .set({ created_at: '2025-03-01T00:00:00.000Z' })
      .where('id', '=', key.id)
      .execute();
    await ctx.db
      .insertInto('usage_events')
      .values({
        id: 'e1',
        endpoint_id: 'ep_v',
        customer_id: direct.id,
        partner_id: null,
        api_key_id: key.id,
        occurred_at: '2025-03-01T06:00:00.000Z',
        latency_ms: 3_600_000,
        type: 'qudao.prediction',
        source: '/endpoints/v',
        quantity: 1,
        product_id: product.id,
        idempotency_key: null,
        data_json: '{}',
      })
      .execute();
    const lead = (company: string, partnerId?: string) =>
      createDeal(ctx, { company, partnerId, createdAt: '2025-03-02T00:00:00Z' });
    const won = await lead('W', partner.id);
    for (const stage of ['qualified', 'proposal'] as const) {
      await moveDeal(ctx, won.id, { stage, at: '2025-03-05T00:00:00Z' });
    }
    await moveDeal(ctx, won.id, { stage: 'won', at: '2025-03-12T00:00:00Z' });
    const lost = await lead('L');
    await moveDeal(ctx, lost.id, { stage: 'lost', at: '2025-03-20T00:00:00Z' });
    await lead('X');
    await lead('Y', partner.id);
    for (const score of [5, 4])
      await createFeedback(ctx, {
        kind: 'csat',
        score,
        customerId: direct.id,
        createdAt: '2025-03-05T00:00:00Z',
      });
    for (const score of [10, 9, 3])
      await createFeedback(ctx, {
        kind: 'nps',
        score,
        customerId: direct.id,
        createdAt: '2025-03-05T00:00:00Z',
      });
    const complaint = await createFeedback(ctx, {
      kind: 'complaint',
      text: 'slow',
      customerId: viaPartner.id,
      createdAt: '2025-03-06T00:00:00Z',
    });
    await resolveComplaint(ctx, complaint.id, { at: '2025-03-06T12:00:00Z' });
    for (const [region, industry, demandMinor] of [
      ['EU', 'retail', 600],
      ['APAC', 'finance', 300],
      ['NA', 'health', 100],
    ] as const) {
      await addMarketCell(ctx, { region, industry, demandMinor });
    }
    await setStrategy(ctx, {
      mode: 'partner-led',
      targets: { coverage: 0.8, winRate: 0.6, complaintRate: 1 },
    });
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it('computes each stage of the strategy flow', async () => {
    const r = await channelReport(ctx, { period: '2025-03', computeCostPerHourMinor: 500 });
    expect(r.brandReach).toEqual({
      leads: 4,
      leadsBySource: { partner: 2, direct: 2 },
      partnerSourcedShare: 0.5,
      mdfSpentMinor: {},
    });
    expect(r.customerRelations).toMatchObject({
      csat: 4.5,
      nps: 33,
      complaints: 1,
      complaintRate: 0.5,
      meanResolutionHours: 12,
    });
    expect(r.salesEfficiency).toMatchObject({
      won: 1,
      lost: 1,
      winRate: 0.5,
      meanCycleDays: 10,
      medianHoursKeyToFirstCall: 6,
    });
    expect(r.marketCoverage.regionIndustryCellsCovered).toEqual(['APAC × finance', 'EU × retail']);
    const direct = r.profitability.byChannel.find((c) => c.name === 'direct')!;
    // 100.00 fee, one hour of inference at 5.00 an hour, no commission.
    expect(direct).toMatchObject({
      revenueMinor: 10000,
      computeCostMinor: 500,
      commissionMinor: 0,
      marginMinor: 9500,
    });
    expect(r.profitability.byChannel.find((c) => c.name === 'referral')!.revenueMinor).toBe(10000);
    expect(r.strategy.partnerRevenueShare).toBe(0.5);
    // Demand-weighted: EU × retail (600) and APAC × finance (300) of 1,000 have active customers.
    expect(r.marketCoverage).toMatchObject({ coverage: 0.9, targetCells: 3 });
    expect(r.strategy.chosen).toBe('partner-led');
    expect(r.strategy.targets).toEqual([
      { kpi: 'coverage', target: 0.8, actual: 0.9, met: true },
      { kpi: 'winRate', target: 0.6, actual: 0.5, met: false },
      { kpi: 'complaintRate', target: 1, actual: 0.5, met: true },
    ]);
  });

  it('is served to staff and analysts, refused to partners', async () => {
    const app = await buildServer(ctx);
    const analyst = await createAccessToken(ctx, { role: 'analyst', name: 'a' });
    const partner = (
      await app.inject({
        url: '/api/v1/partners',
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
      })
    ).json()[0];
    const partnerToken = await createAccessToken(ctx, {
      role: 'partner',
      name: 'p',
      partnerId: partner.id,
    });
    const ok = await app.inject({
      url: '/api/v1/reports/channels?period=2025-03',
      headers: { authorization: `Bearer ${analyst.token}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().brandReach.leads).toBe(4);
    const no = await app.inject({
      url: '/api/v1/reports/channels',
      headers: { authorization: `Bearer ${partnerToken.token}` },
    });
    expect(no.statusCode).toBe(403);
    const bad = await app.inject({
      url: '/api/v1/reports/channels?period=2025-13',
      headers: { authorization: `Bearer ${analyst.token}` },
    });
    expect(bad.statusCode).toBe(400);
    await app.close();
  });
});
