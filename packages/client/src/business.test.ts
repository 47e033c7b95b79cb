import { buildServer, createAccessToken, createPlan, createProduct } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QudaoClient } from './client.ts';
import type { ApiKey, Customer, Partner } from './types.ts';

/**
 * The business domains through the generated client over real HTTP, with every reply checked
 * strictly against its response schema: the fields the hand-written copies had lost (a
 * partner's channel, regions and industries; a customer's region, industry, size and since; a
 * key's name, products and expiry) arrive and are typed.
 */
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

describe('channels through the client', () => {
  it('creates, updates and reads partners and customers with every field', async () => {
    const partner: Partner = await owner.channels.createPartner({
      body: {
        name: 'Lotus',
        channel: 'integrator',
        region: 'APAC',
        regions: ['EU'],
        industries: ['retail'],
      },
    });
    expect(partner).toEqual({
      id: partner.id,
      name: 'Lotus',
      tier: 'registered',
      channel: 'integrator',
      region: 'APAC',
      regions: ['APAC', 'EU'],
      industries: ['retail'],
      createdAt: partner.createdAt,
    });
    const updated = await owner.channels.updatePartner({
      params: { partnerId: partner.id },
      body: { tier: 'gold', regions: ['NA'] },
    });
    expect(updated).toMatchObject({
      tier: 'gold',
      region: 'NA',
      regions: ['NA'],
      industries: ['retail'],
    });
    expect(await owner.channels.getPartner({ params: { partnerId: partner.id } })).toEqual(updated);

    const customer: Customer = await owner.channels.createCustomer({
      body: {
        name: 'Globex',
        partnerId: partner.id,
        region: 'NA',
        industry: 'retail',
        size: 'large',
        since: '2025-01-15T00:00:00.000Z',
      },
    });
    expect(customer).toEqual({
      id: customer.id,
      name: 'Globex',
      partnerId: partner.id,
      partnerName: 'Lotus',
      region: 'NA',
      industry: 'retail',
      size: 'large',
      since: '2025-01-15T00:00:00.000Z',
      createdAt: customer.createdAt,
    });
    const direct = await owner.channels.createCustomer({ body: { name: 'Initech' } });
    expect(direct).toMatchObject({
      partnerId: null,
      partnerName: null,
      size: null,
      since: direct.createdAt,
    });
    expect(await owner.channels.getCustomer({ params: { customerId: customer.id } })).toEqual(
      customer,
    );
    expect((await owner.channels.listCustomers()).map((c) => c.id)).toEqual([
      customer.id,
      direct.id,
    ]);
    expect(await owner.channels.listPartners()).toEqual([updated]);
  });

  it("narrows a partner to its own record and customers, and refuses another partner's", async () => {
    const mine = await owner.channels.createPartner({ body: { name: 'Maple' } });
    const other = await owner.channels.createPartner({ body: { name: 'Andes' } });
    const token = await createAccessToken(ctx, {
      role: 'partner',
      name: 'maple',
      partnerId: mine.id,
    });
    const partner = owner.withToken(token.token);
    expect((await partner.channels.listPartners()).map((p) => p.id)).toEqual([mine.id]);
    const created = await partner.channels.createCustomer({ body: { name: 'Hooli' } });
    expect(created.partnerId).toBe(mine.id);
    await expect(
      partner.channels.createCustomer({ body: { name: 'Umbrella', partnerId: other.id } }),
    ).rejects.toMatchObject({ status: 404, code: 'channels.partner_not_found' });
    await expect(
      partner.channels.getPartner({ params: { partnerId: other.id } }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'channels.partner_not_found',
    });
    await expect(
      partner.channels.updatePartner({
        params: { partnerId: mine.id },
        body: { tier: 'platinum' },
      }),
    ).rejects.toMatchObject({ status: 403, code: 'auth.forbidden' });
  });

  it('answers request.invalid for a body outside the schema', async () => {
    await expect(
      owner.channels.createPartner({ body: { name: 'X', tier: 'diamond' as 'gold' } }),
    ).rejects.toMatchObject({ status: 400, code: 'request.invalid' });
  });
});

/** A product on a stub endpoint row (no model needed to scope keys or subscribe). */
async function stubProduct(name: string) {
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('endpoints')
    .values({
      id: `ep_${name}`,
      name,
      model_version_id: 'mv_stub',
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const plan = await createPlan(ctx, { name: `${name} plan`, currency: 'USD' });
  return createProduct(ctx, { name: `${name} API`, endpoint: name, plan: plan.id });
}

describe('auth through the client', () => {
  it('issues, lists, rotates and revokes keys with their name, scope and expiry', async () => {
    const product = await stubProduct('keys-stub');
    const customer = await owner.channels.createCustomer({ body: { name: 'Keyed Co' } });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await owner.auth.createKey({
      params: { customerId: customer.id },
      body: { name: 'prod', products: [product.id], expiresAt },
    });
    expect(created.key).toMatch(/^qd_[A-Za-z0-9]{12}_/);
    const { key, ...listed } = created;
    const view: ApiKey = listed;
    expect(view).toEqual({
      id: created.id,
      customerId: customer.id,
      name: 'prod',
      prefix: created.key.slice(3, 15),
      status: 'active',
      products: [product.id],
      expiresAt,
      createdAt: created.createdAt,
      revokedAt: null,
    });
    expect(await owner.auth.listKeys({ params: { customerId: customer.id } })).toEqual([view]);
    expect(await owner.withToken(key).auth.me()).toEqual({
      kind: 'customer',
      customerId: customer.id,
      partnerId: null,
      apiKeyId: created.id,
      products: [product.id],
    });

    const rotated = await owner.auth.rotateKey({ params: { keyId: created.id } });
    expect(rotated).toMatchObject({
      rotatedFrom: created.id,
      name: 'prod',
      products: [product.id],
      expiresAt,
    });
    await expect(owner.withToken(key).auth.me()).rejects.toMatchObject({
      status: 401,
      code: 'auth.key_revoked',
    });
    const revoked = await owner.auth.revokeKey({ params: { keyId: rotated.id } });
    expect(revoked.status).toBe('revoked');
    expect(revoked.revokedAt).toEqual(expect.any(String));
    const unscoped = await owner.auth.createKey({ params: { customerId: customer.id } });
    expect(unscoped).toMatchObject({ name: null, products: null, expiresAt: null });
  });

  it('answers /me for the owner, staff and partners', async () => {
    expect(await owner.auth.me()).toEqual({ kind: 'owner' });
    const analyst = await owner.auth.createToken({ body: { role: 'analyst', name: 'numbers' } });
    expect(await owner.withToken(analyst.token).auth.me()).toEqual({
      kind: 'analyst',
      tokenId: analyst.id,
    });
    const partner = await owner.channels.createPartner({ body: { name: 'Gulf' } });
    const token = await owner.auth.createToken({
      body: { role: 'partner', name: 'gulf', partnerId: partner.id },
    });
    expect(await owner.withToken(token.token).auth.me()).toEqual({
      kind: 'partner',
      partnerId: partner.id,
      tokenId: token.id,
    });
  });

  it('lets admins manage tokens except admin tokens, and analysts read them only', async () => {
    const admin = owner.withToken(
      (await owner.auth.createToken({ body: { role: 'admin', name: 'ops' } })).token,
    );
    const other = await owner.auth.createToken({ body: { role: 'admin', name: 'ops 2' } });
    const analyst = owner.withToken(
      (await owner.auth.createToken({ body: { role: 'analyst', name: 'reader' } })).token,
    );
    const byAdmin = await admin.auth.createToken({
      body: { role: 'analyst', name: 'made by admin' },
    });
    expect(byAdmin).toMatchObject({
      role: 'analyst',
      partnerId: null,
      status: 'active',
      expiresAt: null,
    });
    expect((await admin.auth.revokeToken({ params: { tokenId: byAdmin.id } })).status).toBe(
      'revoked',
    );
    await expect(admin.auth.revokeToken({ params: { tokenId: other.id } })).rejects.toMatchObject({
      status: 403,
      code: 'auth.admin_by_owner_only',
    });
    await expect(
      admin.auth.createToken({ body: { role: 'admin', name: 'x' } }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'auth.admin_by_owner_only',
    });
    const listed = await analyst.auth.listTokens();
    expect(listed.find((t) => t.id === other.id)).toMatchObject({
      role: 'admin',
      status: 'active',
    });
    expect(JSON.stringify(listed)).not.toContain(other.token);
    await expect(
      analyst.auth.createToken({ body: { role: 'analyst', name: 'y' } }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'auth.forbidden',
    });
    expect((await owner.auth.revokeToken({ params: { tokenId: other.id } })).status).toBe(
      'revoked',
    );
  });
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
    const subscription = await partner.plans.subscribe({
      params: { customerId: mine.id },
      body: { productId: product.id, startedAt: '2025-03-01T00:00:00.000Z' },
    });
    expect(subscription).toEqual({
      id: subscription.id,
      customerId: mine.id,
      productId: product.id,
      startedAt: '2025-03-01T00:00:00.000Z',
    });
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
