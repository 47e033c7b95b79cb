import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createPartner } from '../channels/channels.service.ts';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/index.ts';
import { createApiKey, revokeApiKey } from './auth.service.ts';

describe('auth', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let key: string;
  let keyId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
    const partner = await createPartner(ctx, { name: 'Acme Reseller', region: 'APAC' });
    const customer = await createCustomer(ctx, { name: 'Globex', partnerId: partner.id });
    const created = await createApiKey(ctx, customer.id);
    key = created.key;
    keyId = created.id;
  });
  afterAll(async () => {
    await app.close();
    await ctx.dispose();
  });

  const predict = (authorization?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/endpoints/none/predict',
      headers: authorization ? { authorization } : {},
      payload: { image: [] },
    });

  it('stores only a hash of the key', async () => {
    const row = await ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', keyId)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(key);
    // The secret is everything after `qd_<12-character prefix>_` (it may itself contain '_').
    expect(JSON.stringify(row)).not.toContain(key.slice('qd_'.length + 12 + 1));
  });

  it('answers 401 without a key', async () => {
    const res = await predict();
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.missing_credentials');
  });

  it('answers 401 for a wrong key, same prefix or garbage', async () => {
    const forged = `${key.slice(0, -4)}AAAA`;
    for (const header of [`Bearer ${forged}`, 'Bearer qd_nothing', 'Basic abc']) {
      const res = await predict(header);
      expect(res.statusCode).toBe(401);
    }
    expect((await predict(`Bearer ${forged}`)).json().error.code).toBe('auth.invalid_key');
  });

  it('lets a valid key through to the endpoint lookup', async () => {
    const res = await predict(`Bearer ${key}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('serving.endpoint_not_found');
  });

  it('refuses a customer key on owner routes', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/partners',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });

  it('answers 401 for a revoked key', async () => {
    await revokeApiKey(ctx, keyId);
    const res = await predict(`Bearer ${key}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.key_revoked');
  });

  it('accepts the owner token on owner routes and rejects a wrong one', async () => {
    const ok = await app.inject({
      method: 'GET',
      url: '/api/v1/partners',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveLength(1);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/partners',
      headers: { authorization: 'Bearer qd_owner_wrongwrongwrongwrongwrongwrong' },
    });
    expect(bad.statusCode).toBe(401);
  });
});
