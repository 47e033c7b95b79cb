import { buildServer, createPlan, createProduct, VERSION } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QudaoClient } from './client.ts';
import type { ApiKey } from './types.ts';

/**
 * Keys, access tokens, /me and health through the generated client over real HTTP, every reply
 * checked strictly against its response schema (a key's name, products and expiry included).
 */
let ctx: Awaited<ReturnType<typeof createTestContext>>;
let app: Awaited<ReturnType<typeof buildServer>>;
let owner: QudaoClient;
let baseUrl: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildServer(ctx);
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  owner = new QudaoClient({ baseUrl, token: ctx.ownerToken });
});
afterAll(async () => {
  await app.close();
  await ctx.dispose();
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
      budgetMinor: null,
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

describe('health through the client', () => {
  it('answers without credentials with the version and the ML backend', async () => {
    expect(await new QudaoClient({ baseUrl }).system.health()).toEqual({
      status: 'ok',
      version: VERSION,
      backend: ctx.backend.name,
    });
  });
});
