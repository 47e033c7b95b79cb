import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, deployDigits, errorOf, securityServer, stubEndpoint } from './fixtures.ts';

/**
 * Issue #11, "Keys cannot widen themselves" (limits): every admitted customer call is priced (an
 * endpoint not sold as a product answers 403 `metering.not_for_sale` to customers), the rate
 * limit is the customer's whatever keys it holds, and the plan caps its live keys.
 */
describe('security: customer limits hold across keys and endpoints', () => {
  let s: Awaited<ReturnType<typeof securityServer>>;
  let image: (i: number) => number[][];
  let digits: string;
  const predict = (caller: Caller, endpoint: string, i = 0) =>
    caller.post(`/api/v1/endpoints/${endpoint}/predict`, { image: image(i) });
  const events = async (customerId: string) =>
    s.ctx.db
      .selectFrom('usage_events')
      .select(['product_id'])
      .where('customer_id', '=', customerId)
      .execute();
  const customer = async (name: string) =>
    (await s.owner.post('/api/v1/customers', { name })).json().id as string;
  const keyOf = async (customerId: string, body: object = {}) => {
    const res = await s.owner.post(`/api/v1/customers/${customerId}/keys`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string };
  };

  beforeAll(async () => {
    s = await securityServer();
    image = await deployDigits(s.ctx, ['digits', 'unsold']);
    const plan = (
      await s.owner.post('/api/v1/plans', {
        name: 'Tight',
        currency: 'USD',
        ratePerSecond: 1,
        burst: 5,
      })
    ).json();
    digits = (
      await s.owner.post('/api/v1/products', { name: 'Digits', endpoint: 'digits', plan: plan.id })
    ).json().id;
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('refuses a customer call to an endpoint not sold as a product, and bills nothing', async () => {
    const id = await customer('Free Rider');
    const key = s.as((await keyOf(id)).key);
    for (let i = 0; i < 3; i++) {
      expect(errorOf(await predict(key, 'unsold', i), 403)).toBe('metering.not_for_sale');
    }
    expect(await events(id)).toEqual([]);
    expect((await predict(key, 'digits')).statusCode).toBe(200);
    expect(await events(id)).toEqual([{ product_id: digits }]);
    // Staff test calls on an unsold endpoint stay possible (they are not billed to anyone).
    expect((await predict(s.owner, 'unsold')).statusCode).toBe(200);
  });

  it("limits a customer's calls per second whatever number of keys it mints", async () => {
    const id = await customer('Key Minter');
    const first = s.as((await keyOf(id)).key);
    const keys = [first];
    for (let i = 0; i < 3; i++) {
      const res = await first.post(`/api/v1/customers/${id}/keys`, {});
      expect(res.statusCode, res.body).toBe(201);
      keys.push(s.as(res.json().key));
    }
    const codes: number[] = [];
    // The clock stands still: all 20 calls fall in the same instant, the plan's burst is 5.
    for (const key of keys)
      for (let i = 0; i < 5; i++) codes.push((await predict(key, 'digits', i)).statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(15);
    expect(await events(id)).toHaveLength(5);
    const other = s.as((await keyOf(await customer('Neighbour'))).key);
    expect((await predict(other, 'digits')).statusCode).toBe(200);
    s.clock.advance(1000);
    expect((await predict(keys[3]!, 'digits')).statusCode).toBe(200);
    expect(errorOf(await predict(keys[0]!, 'digits'), 429)).toBe('metering.rate_limited');
  });

  it('caps the live keys of a customer by its plan (10 without one)', async () => {
    await stubEndpoint(s.ctx, 'few', '2030-01-01T00:00:00.000Z');
    const plan = (
      await s.owner.post('/api/v1/plans', { name: 'Few keys', currency: 'USD', maxKeys: 2 })
    ).json();
    expect(plan.maxKeys).toBe(2);
    const product = (
      await s.owner.post('/api/v1/products', { name: 'Few', endpoint: 'few', plan: plan.id })
    ).json();
    const id = await customer('Capped');
    await s.owner.post(`/api/v1/customers/${id}/subscriptions`, { productId: product.id });
    const first = await keyOf(id);
    const soon = await keyOf(id, { expiresAt: '2030-03-10T10:00:00.000Z' });
    const url = `/api/v1/customers/${id}/keys`;
    expect(errorOf(await s.owner.post(url, {}), 409)).toBe('auth.too_many_keys');
    expect(errorOf(await s.as(first.key).post(url, {}), 409)).toBe('auth.too_many_keys');
    // Rotating replaces a key: it never needs a free place.
    const rotated = await s.owner.post(`/api/v1/keys/${first.id}/rotate`);
    expect(rotated.statusCode, rotated.body).toBe(201);
    s.clock.advance(2 * 3_600_000);
    expect(
      (await s.owner.get(url)).json().find((k: { id: string }) => k.id === soon.id),
    ).toMatchObject({ status: 'active' });
    await keyOf(id);
    expect(errorOf(await s.owner.post(url, {}), 409)).toBe('auth.too_many_keys');
    await s.owner.post(`/api/v1/keys/${rotated.json().id}/revoke`);
    await keyOf(id);

    const plain = await customer('Unsubscribed');
    for (let i = 0; i < 10; i++) await keyOf(plain);
    expect(errorOf(await s.owner.post(`/api/v1/customers/${plain}/keys`, {}), 409)).toBe(
      'auth.too_many_keys',
    );
  });
});
