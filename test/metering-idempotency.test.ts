import {
  buildServer,
  createApiKey,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  revokeApiKey,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTinyModel } from './channels/model.ts';

/**
 * Metering admission on the real predict path: idempotency, rate limit, quota, key checks. The
 * context runs on a manual clock: refills and period ends are reached by moving it, not by sleeping.
 */
describe('metering', () => {
  const clock = new ManualClock('2030-03-10T09:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let image: (i: number) => number[][];
  let customerId: string;
  let key: string;
  const events = async (customer = customerId) =>
    Number(
      (
        await ctx.db
          .selectFrom('usage_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('customer_id', '=', customer)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const predict = (
    token: string,
    body: unknown,
    headers: Record<string, string> = {},
    endpoint = 'digits',
  ) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${endpoint}/predict`,
      headers: { authorization: `Bearer ${token}`, ...headers },
      payload: body as object,
    });

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    ({ image } = await deployTinyModel(ctx));
    const plan = await createPlan(ctx, {
      name: 'Metered',
      currency: 'CNY',
      quotaUnits: 1000,
      ratePerSecond: 1000,
      burst: 1000,
    });
    await createProduct(ctx, { name: 'Digits API', endpoint: 'digits', plan: plan.id });
    const partner = await createPartner(ctx, { name: 'P' });
    const customer = await createCustomer(ctx, { name: 'C', partnerId: partner.id });
    customerId = customer.id;
    key = (await createApiKey(ctx, customer.id)).key;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('writes one CloudEvents-shaped usage event per call, with quota headers', async () => {
    const res = await predict(key, { image: image(0) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-quota-limit']).toBe('1000');
    expect(res.headers['x-quota-remaining']).toBe('999');
    expect(res.headers['ratelimit-limit']).toBe('1000');
    const list = await app.inject({
      url: '/api/v1/usage/events',
      headers: { authorization: `Bearer ${key}` },
    });
    const [event] = list.json();
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/endpoints/digits',
      type: 'qudao.prediction',
      subject: customerId,
      datacontenttype: 'application/json',
      data: { endpoint: 'digits', units: 1 },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(event.time).toBe('2030-03-10T09:00:00.000Z');
  });

  it('replays the saved answer for a repeated Idempotency-Key and bills once', async () => {
    const before = await events();
    const first = await predict(key, { image: image(1) }, { 'idempotency-key': 'order-1' });
    const again = await predict(key, { image: image(1) }, { 'idempotency-key': 'order-1' });
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await events()).toBe(before + 1);
  });

  it('bills concurrent retries with the same key once', async () => {
    const before = await events();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        predict(key, { image: image(2) }, { 'idempotency-key': 'burst-1' }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await events()).toBe(before + 1);
  });

  it('refuses the same key with a different body, and over-long keys; bills nothing', async () => {
    const before = await events();
    const other = await predict(key, { image: image(3) }, { 'idempotency-key': 'order-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('metering.idempotency_key_reused');
    const long = await predict(key, { image: image(3) }, { 'idempotency-key': 'k'.repeat(256) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe('metering.bad_idempotency_key');
    const max = await predict(key, { image: image(3) }, { 'idempotency-key': 'k'.repeat(255) });
    expect(max.statusCode).toBe(200);
    expect(await events()).toBe(before + 1);
  });

  it("keeps keys per customer: another customer's identical key is a new call", async () => {
    const other = await createCustomer(ctx, { name: 'Other' });
    const otherKey = (await createApiKey(ctx, other.id)).key;
    const res = await predict(otherKey, { image: image(4) }, { 'idempotency-key': 'order-1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await events(other.id)).toBe(1);
  });

  it('answers 429 with Retry-After when the token bucket is empty, bills nothing, and refills with time', async () => {
    const plan = await createPlan(ctx, {
      name: 'Slow',
      currency: 'USD',
      ratePerSecond: 0.5,
      burst: 2,
    });
    await deployTinyModelAlias('slow');
    await createProduct(ctx, { name: 'Slow API', endpoint: 'slow', plan: plan.id });
    const c = await createCustomer(ctx, { name: 'Busy' });
    const k = (await createApiKey(ctx, c.id)).key;
    const codes = [];
    let limited: Awaited<ReturnType<typeof predict>> | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await predict(k, { image: image(i) }, {}, 'slow');
      codes.push(res.statusCode);
      if (res.statusCode === 429) limited = res;
    }
    expect(codes).toEqual([200, 200, 429, 429]);
    expect(limited!.json().error.code).toBe('metering.rate_limited');
    // Half a token a second: the next one is 2 s away.
    expect(limited!.headers['retry-after']).toBe('2');
    expect(limited!.headers['ratelimit-remaining']).toBe('0');
    expect(await events(c.id)).toBe(2);
    clock.advance(1000);
    expect((await predict(k, { image: image(4) }, {}, 'slow')).statusCode).toBe(429);
    clock.advance(1000);
    expect((await predict(k, { image: image(5) }, {}, 'slow')).statusCode).toBe(200);
    expect((await predict(k, { image: image(6) }, {}, 'slow')).statusCode).toBe(429);
    expect(await events(c.id)).toBe(3);
  });

  it('answers 429 when the period quota is used up, unless overage is priced; renews next month', async () => {
    const hard = await createPlan(ctx, { name: 'Hard', currency: 'USD', quotaUnits: 3 });
    await deployTinyModelAlias('hard');
    await createProduct(ctx, { name: 'Hard API', endpoint: 'hard', plan: hard.id });
    const soft = await createPlan(ctx, {
      name: 'Soft',
      currency: 'USD',
      quotaUnits: 3,
      overagePriceMinor: 2,
    });
    await deployTinyModelAlias('soft');
    await createProduct(ctx, { name: 'Soft API', endpoint: 'soft', plan: soft.id });
    const c = await createCustomer(ctx, { name: 'Quota' });
    const k = (await createApiKey(ctx, c.id)).key;
    const hardCodes = [];
    const softCodes = [];
    let refused: Awaited<ReturnType<typeof predict>> | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await predict(k, { image: image(i) }, {}, 'hard');
      hardCodes.push(res.statusCode);
      if (res.statusCode === 429) refused = res;
      softCodes.push((await predict(k, { image: image(i) }, {}, 'soft')).statusCode);
    }
    expect(hardCodes).toEqual([200, 200, 200, 429, 429]);
    expect(softCodes).toEqual([200, 200, 200, 200, 200]);
    expect(refused!.json().error.code).toBe('metering.quota_exceeded');
    expect(refused!.headers['x-quota-remaining']).toBe('0');
    expect(refused!.headers['x-quota-limit']).toBe('3');
    const toApril = Date.parse('2030-04-01T00:00:00Z') - clock.now().getTime();
    expect(refused!.headers['retry-after']).toBe(String(Math.ceil(toApril / 1000)));
    expect(refused!.headers['x-quota-reset']).toBe('2030-04-01T00:00:00.000Z');
    expect(await events(c.id)).toBe(8);
    clock.set('2030-04-01T00:00:00Z');
    const renewed = await predict(k, { image: image(0) }, {}, 'hard');
    expect(renewed.statusCode).toBe(200);
    expect(renewed.headers['x-quota-remaining']).toBe('2');
    expect(await events(c.id)).toBe(9);
  });

  it('refuses revoked, expired and out-of-scope keys, billing nothing', async () => {
    const c = await createCustomer(ctx, { name: 'Keys' });
    const revoked = await createApiKey(ctx, c.id);
    await revokeApiKey(ctx, revoked.id);
    const expiring = await createApiKey(ctx, c.id, {
      expiresAt: new Date(clock.now().getTime() + 60_000).toISOString(),
    });
    const products = (
      await app.inject({
        url: '/api/v1/products',
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
      })
    ).json();
    const slow = products.find((p: { name: string }) => p.name === 'Slow API');
    const scoped = await createApiKey(ctx, c.id, { products: [slow.id] });
    // Expiry is checked on the context clock: move it past the expiry.
    clock.advance(61_000);
    const r1 = await predict(revoked.key, { image: image(0) });
    const r2 = await predict(expiring.key, { image: image(0) });
    const r3 = await predict(scoped.key, { image: image(0) });
    expect([r1.statusCode, r1.json().error.code]).toEqual([401, 'auth.key_revoked']);
    expect([r2.statusCode, r2.json().error.code]).toEqual([401, 'auth.key_expired']);
    expect([r3.statusCode, r3.json().error.code]).toEqual([403, 'auth.key_out_of_scope']);
    expect(await events(c.id)).toBe(0);
  });

  it('aggregates usage per channel, product and period, and scopes it to the viewer', async () => {
    const get = async (url: string, token = ctx.ownerToken) =>
      (await app.inject({ url, headers: { authorization: `Bearer ${token}` } })).json();
    const month = '2030-03';
    const byChannel = await get(`/api/v1/usage?by=channel&period=${month}`);
    const calls = (name: string) => byChannel.find((r: { name: string }) => r.name === name)?.calls;
    expect(calls('reseller')).toBe(await events());
    expect(calls('direct')).toBeGreaterThan(0);
    expect(await get('/api/v1/usage?by=channel&period=1999-01')).toEqual([]);
    const byProduct = await get('/api/v1/usage?by=product');
    expect(byProduct.map((r: { name: string }) => r.name)).toContain('Digits API');
    const mine = await get('/api/v1/usage?by=customer', key);
    expect(mine.map((r: { id: string }) => r.id)).toEqual([customerId]);
  });

  it('rotates a key: the old one is revoked, the new one works and is billed', async () => {
    const old = await createApiKey(ctx, customerId, { name: 'ci' });
    const rotated = await app.inject({
      method: 'POST',
      url: `/api/v1/keys/${old.id}/rotate`,
      headers: { authorization: `Bearer ${old.key}` },
      payload: {},
    });
    expect(rotated.statusCode).toBe(201);
    expect(rotated.json()).toMatchObject({ name: 'ci', rotatedFrom: old.id });
    expect((await predict(old.key, { image: image(5) })).json().error.code).toBe(
      'auth.key_revoked',
    );
    expect((await predict(rotated.json().key, { image: image(5) })).statusCode).toBe(200);
  });

  /** Deploys the already trained model under another endpoint name. */
  async function deployTinyModelAlias(name: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/endpoints',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { name, model: 'digits-mlp', version: 1 },
    });
    expect(res.statusCode).toBe(201);
  }
});
