import {
  addMarketCell,
  buildServer,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  subscribe,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * March 2025 in two currencies: a partner's customer pays 100.00 USD (10000 cents), a direct
 * customer 5000 JPY (yen have no minor unit). Cents and yen are never added up: without a rate
 * the report lists them apart; with the owner's rate it converts.
 */
describe('channel report across currencies', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${ctx.ownerToken}` } });
  const report = async (query = '') =>
    (await call('GET', `/api/v1/reports/channels?period=2025-03${query}`)).json();

  beforeAll(async () => {
    ctx = await createTestContext();
    const now = new Date().toISOString();
    for (const name of ['us', 'jp']) {
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
    const usd = await createPlan(ctx, { name: 'USD', currency: 'USD', monthlyFeeMinor: 10000 });
    const jpy = await createPlan(ctx, { name: 'JPY', currency: 'JPY', monthlyFeeMinor: 5000 });
    const us = await createProduct(ctx, { name: 'US', endpoint: 'us', plan: usd.id });
    const jp = await createProduct(ctx, { name: 'JP', endpoint: 'jp', plan: jpy.id });
    const partner = await createPartner(ctx, { name: 'Reseller', regions: ['EU'] });
    const a = await createCustomer(ctx, {
      name: 'A',
      partnerId: partner.id,
      region: 'EU',
      industry: 'retail',
    });
    const b = await createCustomer(ctx, { name: 'B', region: 'JP', industry: 'finance' });
    await subscribe(ctx, a.id, { productId: us.id, startedAt: '2025-01-01T00:00:00Z' });
    await subscribe(ctx, b.id, { productId: jp.id, startedAt: '2025-01-01T00:00:00Z' });
    await addMarketCell(ctx, { region: 'EU', industry: 'retail', demandMinor: 600 });
    await addMarketCell(ctx, {
      region: 'NA',
      industry: 'health',
      demandMinor: 100_000,
      currency: 'JPY',
    });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('lists each currency apart and sums none of them without a rate', async () => {
    const r = await report();
    expect(r.profitability.totals).toEqual([
      {
        currency: 'JPY',
        revenueMinor: 5000,
        commissionMinor: 0,
        computeCostMinor: 0,
        marginMinor: 5000,
        partnerRevenueMinor: 0,
        marginShare: 1,
        partnerRevenueShare: 0,
      },
      {
        currency: 'USD',
        revenueMinor: 10000,
        commissionMinor: 0,
        computeCostMinor: 0,
        marginMinor: 10000,
        partnerRevenueMinor: 10000,
        marginShare: 1,
        partnerRevenueShare: 1,
      },
    ]);
    expect(r.profitability).toMatchObject({
      converted: null,
      currency: 'USD',
      missingRates: ['JPY'],
    });
    // 10000 cents + 5000 yen is no amount of anything: no share across them either.
    expect(r.strategy).toMatchObject({ partnerRevenueShare: null, observed: 'multi-channel' });
    expect(r.marketCoverage).toMatchObject({
      coverage: null,
      demandByCurrency: [
        { currency: 'JPY', targetMinor: 100_000, coveredMinor: 0 },
        { currency: 'USD', targetMinor: 600, coveredMinor: 600 },
      ],
    });
  });

  it('converts with the rate the owner sets, either way round', async () => {
    const set = await call('PUT', '/api/v1/exchange-rates', { from: 'usd', to: 'JPY', rate: 150 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ from: 'USD', to: 'JPY', rate: 150 });
    const inUsd = await report();
    // 5000 JPY / 150 = 33.33 USD → 3333 cents.
    expect(inUsd.profitability.converted).toEqual({
      currency: 'USD',
      revenueMinor: 13333,
      commissionMinor: 0,
      computeCostMinor: 0,
      marginMinor: 13333,
      partnerRevenueMinor: 10000,
      marginShare: 1,
      partnerRevenueShare: 0.75,
      rates: [{ from: 'JPY', rate: 1 / 150 }],
    });
    expect(inUsd.profitability.missingRates).toEqual([]);
    expect(inUsd.strategy).toMatchObject({ partnerRevenueShare: 0.75, observed: 'partner-led' });
    // 600 cents covered of 600 + 66667 (100,000 yen) cents.
    expect(inUsd.marketCoverage.coverage).toBe(Math.round((600 / 67267) * 1e4) / 1e4);
    const inYen = await report('&currency=JPY');
    // 100.00 USD × 150 = 15000 yen.
    expect(inYen.profitability.converted).toMatchObject({
      currency: 'JPY',
      revenueMinor: 20000,
      partnerRevenueMinor: 15000,
      rates: [{ from: 'USD', rate: 150 }],
    });
  });

  it('stops converting once the rate is removed', async () => {
    expect((await call('DELETE', '/api/v1/exchange-rates/USD/JPY')).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/exchange-rates')).json()).toEqual([]);
    expect((await report()).profitability.converted).toBeNull();
    const again = await call('DELETE', '/api/v1/exchange-rates/USD/JPY');
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'reports.rate_not_found']);
    const same = await call('PUT', '/api/v1/exchange-rates', { from: 'USD', to: 'USD', rate: 1 });
    expect(same.json().error.code).toBe('reports.same_currency');
    const unknown = await call('PUT', '/api/v1/exchange-rates', {
      from: 'USD',
      to: 'XYZ',
      rate: 1,
    });
    expect(unknown.statusCode).toBe(400);
  });
});
