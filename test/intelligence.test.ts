import {
  buildServer,
  createAccessToken,
  createCustomer,
  listCustomers,
  listDatasetVersions,
  listRuns,
  refreshIntelligence,
  seedChannelsDemo,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertStubEndpoints, loadTriageRows } from './intelligence/fixtures.ts';

/**
 * Channel intelligence on a seeded company (smaller than the demo's, same generator): lineage
 * and content-hashed versions, triage from a Chinese inquiry to the next training set, the
 * report's sections, and the errors of bad input. Real SQLite, real HTTP (inject), real training.
 */
describe('channel intelligence', () => {
  const clock = new ManualClock('2026-01-15T09:30:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let first: Awaited<ReturnType<typeof refreshIntelligence>>;
  const budget = { triage: { epochs: 3, maxTrainRows: 2500 } };

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    app = await buildServer(ctx);
    await insertStubEndpoints(ctx);
    await seedChannelsDemo(ctx, {
      endpoints: ['digits', 'digits-pro'],
      now: clock.now(),
      scale: 'company',
      company: { customers: 450, partners: 12, months: 20 },
    });
    first = await refreshIntelligence(ctx, budget);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const call = async (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });

  it('links every model version to its data set version and period, and an unchanged refresh changes nothing', async () => {
    expect(first.models.map((m) => m.model).sort()).toEqual(
      ['churn', 'deals', 'forecast', 'high_value', 'opportunities', 'segments', 'triage'].sort(),
    );
    for (const m of first.models) {
      expect(m.version.ref).toMatch(/^intelligence-[a-z-]+@1$/);
      expect(m.version.dataset).toMatch(/^intelligence-[a-z-]+@1$/);
      expect(m.version.datasetHash).toMatch(/^[0-9a-f]{64}$/);
      expect(m.version.heldOut.to <= '2025-12').toBe(true);
      expect(m.version.trainedOn.from <= m.version.trainedOn.to).toBe(true);
      // Never trained on the future: the held-out months come after the training months.
      if (m.model !== 'segments')
        expect(m.version.trainedOn.to < m.version.heldOut.from).toBe(true);
    }
    const runs = await listRuns(ctx, { experiment: 'intelligence' });
    const runVersions = runs.map((r) => r.modelVersion);
    for (const m of first.models) expect(runVersions).toContain(m.version.ref);

    const again = await refreshIntelligence(ctx, budget);
    expect(again.id).not.toBe(first.id);
    expect(again.models.map((m) => m.version)).toEqual(first.models.map((m) => m.version));
    expect((await listDatasetVersions(ctx, 'intelligence-churn')).length).toBe(1);
  });

  it('the churn model beats recency alone by 0.1 ROC-AUC; deal scoring beats naive Bayes on log loss', () => {
    const churn = first.models.find((m) => m.model === 'churn')!;
    expect(churn.value!).toBeGreaterThan(churn.baseline.value! + 0.1);
    const deals = first.models.find((m) => m.model === 'deals')!;
    expect(deals.higherIsBetter).toBe(false);
    expect(deals.value!).toBeLessThan(deals.baseline.value!);
    const forecast = first.models.find((m) => m.model === 'forecast')!;
    expect(forecast.value!).toBeLessThan(forecast.baseline.value!);
  });

  it('classifies a Chinese inquiry, routes it to the partner, takes a correction, and trains on it next', async () => {
    const customer = (await listCustomers(ctx)).find((c) => c.partnerId !== null)!;
    const partner = await createAccessToken(ctx, {
      role: 'partner',
      name: 'support desk',
      partnerId: customer.partnerId!,
    });
    const text = '您好！digits接口从今天早上开始大约30%的请求返回502错误。请尽快回复。';
    const posted = await call('POST', '/api/v1/intelligence/inquiries', partner.token, {
      text,
      customerId: customer.id,
      receivedAt: '2025-12-20T10:00:00.000Z',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const inquiry = posted.json();
    expect(inquiry).toMatchObject({
      language: 'zh',
      category: 'technical',
      route: 'partner',
      routedPartnerId: customer.partnerId,
      status: 'routed',
      finalCategory: null,
      modelVersion: first.models.find((m) => m.model === 'triage')!.version.ref,
    });
    expect(inquiry.confidence).toBeGreaterThan(0.6);

    const corrected = await call(
      'POST',
      `/api/v1/intelligence/inquiries/${inquiry.id}/correct`,
      partner.token,
      { category: 'urgent_complaint' },
    );
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({
      status: 'corrected',
      finalCategory: 'urgent_complaint',
      route: 'direct_support',
      correctedBy: `partner:${customer.partnerId}`,
    });

    const next = await refreshIntelligence(ctx, { ...budget, skipTriage: false });
    const triage = next.models.find((m) => m.model === 'triage')!;
    expect(triage.version.dataset).toBe('intelligence-triage@2');
    expect(triage.version.ref).toBe('intelligence-triage@2');
    const rows = await loadTriageRows(ctx, 2);
    expect(rows.filter((r) => r.text === text)).toEqual([{ text, label: 'urgent_complaint' }]);
    // The other data sets did not change: the same versions serve on.
    const churn = next.models.find((m) => m.model === 'churn')!;
    expect(churn.version.ref).toBe('intelligence-churn@1');
  });

  it('puts every section in the channel report, each naming its model version', async () => {
    const res = await call('GET', '/api/v1/reports/channels', ctx.ownerToken);
    expect(res.statusCode, res.body).toBe(200);
    const i = res.json().intelligence;
    expect(i.models).toHaveLength(7);
    expect(i.segments.modelVersion).toBe('intelligence-segments@1');
    expect(
      i.segments.counts.reduce((a: number, c: { customers: number }) => a + c.customers, 0),
    ).toBeGreaterThan(100);
    expect(i.churnRisks.customers).toHaveLength(5);
    expect(i.churnRisks.customers[0].probability).toBeGreaterThanOrEqual(
      i.churnRisks.customers[4].probability,
    );
    expect(i.churnRisks.customers[0].reasons.length).toBeGreaterThan(0);
    expect(i.pipeline.openDeals).toBeGreaterThan(0);
    expect(i.inquiries).toMatchObject({ modelVersion: 'intelligence-triage@2', corrected: 1 });
    expect(i.opportunities.top).toHaveLength(3);
    expect(i.forecast.byChannel.length).toBeGreaterThan(1);
  });

  it('answers bad input with stable codes', async () => {
    const customer = (await listCustomers(ctx))[0]!;
    const post = (body: object) =>
      call('POST', '/api/v1/intelligence/inquiries', ctx.ownerToken, body);
    const code = async (
      res: Promise<{ statusCode: number; json: () => { error: { code: string } } }>,
    ) => {
      const r = await res;
      return [r.statusCode, r.json().error.code];
    };
    expect(await code(post({ text: '   ', customerId: customer.id }))).toEqual([
      400,
      'request.invalid',
    ]);
    expect(await code(post({ text: 'x'.repeat(5001), customerId: customer.id }))).toEqual([
      400,
      'request.invalid',
    ]);
    expect(await code(post({ text: 'Привет, где мой счёт?', customerId: customer.id }))).toEqual([
      422,
      'intelligence.unknown_language',
    ]);
    expect(await code(post({ text: '12345 !!!', customerId: customer.id }))).toEqual([
      422,
      'intelligence.unknown_language',
    ]);
    expect(await code(post({ text: 'bonjour', language: 'fr', customerId: customer.id }))).toEqual([
      422,
      'intelligence.unsupported_language',
    ]);
    expect(await code(post({ text: 'where is my invoice?' }))).toEqual([
      400,
      'intelligence.customer_required',
    ]);
    await expect(refreshIntelligence(ctx, { asOf: '2019-01' })).rejects.toMatchObject({
      code: 'intelligence.no_data',
      status: 422,
    });
    // Ten months: segments still refresh; the models that need more months say so.
    const early = await refreshIntelligence(ctx, { asOf: '2025-02', skipTriage: true });
    expect(early.asOf).toBe('2025-03-01T00:00:00.000Z');
    expect(early.models.map((m) => m.model)).toEqual(['segments', 'triage']);
    expect(early.skipped.map((s) => s.model)).toEqual([
      'churn',
      'high_value',
      'deals',
      'forecast',
      'opportunities',
    ]);
    expect(early.skipped[0]!.reason).toContain('15 months');
    const scores = await call('GET', '/api/v1/intelligence/scores', ctx.ownerToken);
    expect([scores.statusCode, scores.json().error.code]).toEqual([
      409,
      'intelligence.model_not_trained',
    ]);
    const report = await call('GET', '/api/v1/reports/channels?period=2025-02', ctx.ownerToken);
    expect(report.json().intelligence).toMatchObject({ churnRisks: null, pipeline: null });
  });

  it('retrains monthly: closing the next month queues a refresh on the data it completes', async () => {
    clock.set('2026-02-01T00:05:00.000Z');
    const closed = await call('POST', '/api/v1/billing/periods', ctx.ownerToken, {
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-02-01T00:00:00.000Z',
    });
    expect(closed.statusCode, closed.body).toBe(201);
    // The root tsconfig does not see the server's queue registry: the name is checked at run time.
    const [job] = await ctx.jobs.list('intelligence-refresh' as never);
    expect(job).toMatchObject({ queue: 'intelligence-refresh' });
    const done = await ctx.jobs.waitFor(job!.id);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    const models = await call('GET', '/api/v1/intelligence/models', ctx.ownerToken);
    expect(models.json().asOf).toBe('2026-02-01T00:00:00.000Z');
    const churn = models.json().models.find((m: { model: string }) => m.model === 'churn');
    expect(churn.version.ref).toBe('intelligence-churn@2');
    // A whole refresh trains every model again: on a loaded 2-core machine past the default 120 s.
  }, 300_000);
});

describe('channel intelligence before any refresh', () => {
  it('says the models are not trained yet, and that there is no data to train on', async () => {
    const ctx = await createTestContext();
    const app = await buildServer(ctx);
    try {
      const get = (url: string) =>
        app.inject({ url, headers: { authorization: `Bearer ${ctx.ownerToken}` } });
      const scores = await get('/api/v1/intelligence/scores');
      expect([scores.statusCode, scores.json().error.code]).toEqual([
        409,
        'intelligence.model_not_trained',
      ]);
      const models = await get('/api/v1/intelligence/models');
      expect([models.statusCode, models.json().error.code]).toEqual([
        409,
        'intelligence.not_refreshed',
      ]);
      const report = await get('/api/v1/reports/channels');
      expect(report.json().intelligence).toBeNull();
      const customer = await createCustomer(ctx, { name: 'Early Co' });
      const inquiry = await app.inject({
        method: 'POST',
        url: '/api/v1/intelligence/inquiries',
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
        payload: { text: 'where is my invoice?', customerId: customer.id },
      });
      // No model sorts it yet: it waits for a person, and is never refused or lost.
      expect(inquiry.statusCode, inquiry.body).toBe(201);
      expect(inquiry.json()).toMatchObject({
        customerId: customer.id,
        category: null,
        confidence: null,
        route: 'review',
        status: 'needs_review',
        modelVersion: null,
      });
      await expect(refreshIntelligence(ctx)).rejects.toMatchObject({
        code: 'intelligence.no_data',
        status: 422,
      });
    } finally {
      await app.close();
      await ctx.dispose();
    }
  });
});
