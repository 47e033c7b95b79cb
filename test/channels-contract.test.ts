import { QudaoApiError, QudaoClient } from '@qudao/client';
import { buildServer, createPartner } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The contract client against a listening server, for the market, feedback, imports, reports
 * and billing routes: every reply is checked against its schema (strict in the test suite).
 */
describe('channels routes through the contract client', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let client: QudaoClient;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
    client = new QudaoClient({
      baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }),
      token: ctx.ownerToken,
    });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('adds market cells and sets the strategy', async () => {
    const cell = await client.market.addCell({
      body: { region: 'EU', industry: 'retail', demandMinor: 5000, currency: 'eur' },
    });
    expect(cell).toMatchObject({ region: 'EU', industry: 'retail', currency: 'EUR' });
    expect(await client.market.listCells()).toEqual([cell]);
    const twice = await client.market
      .addCell({ body: { region: 'EU', industry: 'retail', demandMinor: 1 } })
      .catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(QudaoApiError);
    expect(twice).toMatchObject({ status: 409, code: 'market.cell_exists' });
    expect(await client.market.getStrategy()).toEqual({
      mode: 'multi-channel',
      targets: {},
      updatedAt: null,
    });
    const set = await client.market.setStrategy({
      body: { mode: 'partner-led', targets: { winRate: 0.4 } },
    });
    expect(set).toMatchObject({ mode: 'partner-led', targets: { winRate: 0.4 } });
    expect(await client.market.getStrategy()).toEqual(set);
  });

  it('imports customers from a CRM export, then takes and resolves their feedback', async () => {
    const csv = 'Account Name,Region,Industry\nAcme,EU,retail\nGlobex,NA,health\n';
    expect(await client.imports.crm({ body: { kind: 'customers', csv, dryRun: true } })).toEqual({
      kind: 'customers',
      dryRun: true,
      rows: 2,
      created: 2,
      skipped: 0,
    });
    expect(await client.imports.crm({ body: { kind: 'customers', csv } })).toMatchObject({
      created: 2,
    });
    expect(await client.imports.crm({ body: { kind: 'customers', csv } })).toMatchObject({
      created: 0,
      skipped: 2,
    });
    const [acme] = (await ctx.db.selectFrom('customers').select('id').orderBy('name').execute())!;
    const complaint = await client.feedback.create({
      body: {
        kind: 'complaint',
        text: 'slow answers',
        customerId: acme!.id,
        createdAt: '2025-06-01T00:00:00.000Z',
      },
    });
    expect(complaint).toMatchObject({ kind: 'complaint', status: 'open', score: null });
    const score = await client.feedback.create({
      body: { kind: 'nps', score: 9, customerId: acme!.id },
    });
    expect(score.status).toBe('recorded');
    const resolved = await client.feedback.resolve({
      params: { feedbackId: complaint.id },
      body: { at: '2025-06-02T00:00:00.000Z' },
    });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2025-06-02T00:00:00.000Z' });
    expect((await client.feedback.list()).map((f) => f.id).sort()).toEqual(
      [complaint.id, score.id].sort(),
    );
    await expect(
      client.feedback.resolve({ params: { feedbackId: score.id } }),
    ).rejects.toMatchObject({ status: 409, code: 'feedback.not_a_complaint' });
  });

  it('keeps commission rules, exchange rates and usage', async () => {
    const partner = await createPartner(ctx, { name: 'Gold One', tier: 'gold' });
    const rule = await client.billing.createRule({
      body: { partnerId: partner.id, firstYearBps: 2000, renewalBps: 1000 },
    });
    expect(rule).toMatchObject({ partnerId: partner.id, bountyMinor: 0, currency: 'USD' });
    expect(rule).not.toHaveProperty('tier');
    expect(await client.billing.listRules()).toEqual([rule]);
    await expect(
      client.billing.createRule({ body: { firstYearBps: 1, renewalBps: 1 } }),
    ).rejects.toMatchObject({ status: 400, code: 'billing.rule_target' });
    const rate = await client.reports.setRate({ body: { from: 'EUR', to: 'USD', rate: 1.08 } });
    expect(await client.reports.listRates()).toEqual([rate]);
    expect(
      (await client.reports.setRate({ body: { from: 'EUR', to: 'USD', rate: 1.1 } })).rate,
    ).toBe(1.1);
    expect(await client.metering.usage({ query: { by: 'channel' } })).toEqual([]);
    expect(await client.metering.events({ query: { limit: 5 } })).toEqual([]);
    expect(await client.billing.listPeriods()).toEqual([]);
    expect(await client.programme.listMdf()).toEqual([]);
  });
});
