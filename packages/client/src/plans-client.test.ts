import { buildServer, createAccessToken } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QudaoClient } from './client.ts';

/** Plans, products and subscriptions through the generated client over real HTTP. */
let ctx: Awaited<ReturnType<typeof createTestContext>>;
let app: Awaited<ReturnType<typeof buildServer>>;
let owner: QudaoClient;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildServer(ctx);
  owner = new QudaoClient({
    baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }),
    token: ctx.ownerToken,
  });
});
afterAll(async () => {
  await app.close();
  await ctx.dispose();
});

describe('plans through the client', () => {
  it('creates plans and products, and subscribes customers within their tenant', async () => {
    const plan = await owner.plans.createPlan({
      body: {
        name: 'Growth',
        currency: 'usd',
        monthlyFeeMinor: 10_000,
        includedUnits: 1_000,
        tiers: [
          { upTo: 1_000, priceMinor: 5 },
          { upTo: null, priceMinor: 3 },
        ],
        quotaUnits: 5_000,
        overagePriceMinor: 8,
      },
    });
    expect(plan).toEqual({
      id: plan.id,
      name: 'Growth',
      currency: 'USD',
      unit: 'call',
      billedPer: 'row',
      monthlyFeeMinor: 10_000,
      includedUnits: 1_000,
      tierMode: 'graduated',
      tiers: [
        { upTo: 1_000, priceMinor: 5 },
        { upTo: null, priceMinor: 3 },
      ],
      quotaUnits: 5_000,
      overagePriceMinor: 8,
      ratePerSecond: 50,
      burst: 100,
      maxKeys: 10,
      inputPricePer1kMinor: null,
      outputPricePer1kMinor: null,
      createdAt: plan.createdAt,
    });
    expect((await owner.plans.listPlans()).map((p) => p.name)).toContain('Growth');
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: 'ep_growth',
        name: 'growth',
        model_version_id: 'mv_stub',
        status: 'active',
        created_at: plan.createdAt,
        updated_at: plan.createdAt,
      })
      .execute();
    const product = await owner.plans.createProduct({
      body: { name: 'Growth API', endpoint: 'growth', plan: 'Growth' },
    });
    expect(product).toEqual({
      id: product.id,
      name: 'Growth API',
      endpoint: 'growth',
      endpointId: 'ep_growth',
      plan,
      createdAt: product.createdAt,
    });

    const seller = await owner.channels.createPartner({ body: { name: 'Pacific' } });
    const rival = await owner.channels.createPartner({ body: { name: 'Nordic' } });
    const partner = owner.withToken(
      (await createAccessToken(ctx, { role: 'partner', name: 'pacific', partnerId: seller.id }))
        .token,
    );
    const mine = await partner.channels.createCustomer({ body: { name: 'Wayne' } });
    const theirs = await owner.channels.createCustomer({
      body: { name: 'Stark', partnerId: rival.id },
    });
    // A start date moves money: a partner's subscription starts on the server's clock.
    await expect(
      partner.plans.subscribe({
        params: { customerId: mine.id },
        body: { productId: product.id, startedAt: '2025-03-01T00:00:00.000Z' },
      }),
    ).rejects.toMatchObject({ status: 403, code: 'request.field_staff_only' });
    const before = Date.now();
    const subscription = await partner.plans.subscribe({
      params: { customerId: mine.id },
      body: { productId: product.id },
    });
    expect(subscription).toEqual({
      id: subscription.id,
      customerId: mine.id,
      productId: product.id,
      startedAt: subscription.startedAt,
    });
    expect(Date.parse(subscription.startedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(subscription.startedAt)).toBeLessThanOrEqual(Date.now());
    await expect(
      partner.plans.subscribe({
        params: { customerId: theirs.id },
        body: { productId: product.id },
      }),
    ).rejects.toMatchObject({ status: 404, code: 'channels.customer_not_found' });
    await expect(
      partner.plans.subscribe({ params: { customerId: mine.id }, body: { productId: product.id } }),
    ).rejects.toMatchObject({ status: 409, code: 'plans.already_subscribed' });
    await owner.plans.subscribe({
      params: { customerId: theirs.id },
      body: { productId: product.id },
    });

    expect(await partner.plans.listSubscriptions()).toEqual([subscription]);
    const key = await owner.auth.createKey({ params: { customerId: mine.id } });
    const customer = owner.withToken(key.key);
    expect(await customer.plans.listSubscriptions()).toEqual([subscription]);
    expect((await customer.plans.listProducts()).map((p) => p.id)).toContain(product.id);
    await expect(customer.plans.listPlans()).rejects.toMatchObject({ status: 403 });
    await expect(
      partner.plans.createPlan({ body: { name: 'Cheap', currency: 'USD' } }),
    ).rejects.toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect((await owner.plans.listSubscriptions()).length).toBe(2);
  });
});
