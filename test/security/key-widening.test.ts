import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, deployDigits, errorOf, securityServer } from './fixtures.ts';

/**
 * Issue #11, "Keys cannot widen themselves": a product-scoped, expiring customer key makes keys
 * through the API. A key-made key is scoped to a subset of its maker's products and expires no
 * later than its maker (omitted fields take the maker's); asking for more is refused, and so is
 * rotating a wider key of the same customer (docs/security.md).
 */
describe('security: a key cannot make a wider or longer-lived key', () => {
  let s: Awaited<ReturnType<typeof securityServer>>;
  let image: (i: number) => number[][];
  let customerId: string;
  let basic: string;
  let pro: string;
  let scoped: { id: string; key: string; expiresAt: string };
  let keyCaller: Caller;
  const EXPIRES = '2030-03-17T09:00:00.000Z';
  const predict = (caller: Caller, endpoint: string) =>
    caller.post(`/api/v1/endpoints/${endpoint}/predict`, { image: image(0) });
  const keysUrl = () => `/api/v1/customers/${customerId}/keys`;

  beforeAll(async () => {
    s = await securityServer();
    image = await deployDigits(s.ctx, ['basic', 'pro']);
    const plan = (await s.owner.post('/api/v1/plans', { name: 'Std', currency: 'USD' })).json();
    basic = (
      await s.owner.post('/api/v1/products', { name: 'Basic', endpoint: 'basic', plan: plan.id })
    ).json().id;
    pro = (
      await s.owner.post('/api/v1/products', { name: 'Pro', endpoint: 'pro', plan: plan.id })
    ).json().id;
    customerId = (await s.owner.post('/api/v1/customers', { name: 'Acme' })).json().id;
    scoped = (await s.owner.post(keysUrl(), { products: [basic], expiresAt: EXPIRES })).json();
    keyCaller = s.as(scoped.key);
    expect((await predict(keyCaller, 'basic')).statusCode).toBe(200);
    expect(errorOf(await predict(keyCaller, 'pro'), 403)).toBe('auth.key_out_of_scope');
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it("gives a key made without scope or expiry its maker's scope and expiry", async () => {
    const res = await keyCaller.post(keysUrl(), { name: 'made by a key' });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ products: [basic], expiresAt: EXPIRES });
    const child = s.as(made.key);
    expect(errorOf(await predict(child, 'pro'), 403)).toBe('auth.key_out_of_scope');
    expect((await predict(child, 'basic')).statusCode).toBe(200);
  });

  it('refuses a key-made key with another product or a later expiry', async () => {
    const before = (await s.owner.get(keysUrl())).json().length;
    for (const wider of [
      { products: [pro] },
      { products: [basic, pro] },
      { expiresAt: '2030-04-01T00:00:00.000Z' },
      { products: [basic], expiresAt: '2031-01-01T00:00:00.000Z' },
    ]) {
      expect(errorOf(await keyCaller.post(keysUrl(), wider), 403)).toBe(
        'auth.key_wider_than_creator',
      );
    }
    expect((await s.owner.get(keysUrl())).json()).toHaveLength(before);
    const narrower = await keyCaller.post(keysUrl(), { expiresAt: '2030-03-12T00:00:00.000Z' });
    expect(narrower.json()).toMatchObject({
      products: [basic],
      expiresAt: '2030-03-12T00:00:00.000Z',
    });
  });

  it('does not let a scoped key rotate a wider key of its customer into its own hands', async () => {
    const open = (await s.owner.post(keysUrl(), { name: 'unscoped' })).json();
    expect(errorOf(await keyCaller.post(`/api/v1/keys/${open.id}/rotate`), 403)).toBe(
      'auth.key_wider_than_creator',
    );
    expect((await predict(s.as(open.key), 'pro')).statusCode).toBe(200);
    const own = (await keyCaller.post(keysUrl(), {})).json();
    const rotated = await keyCaller.post(`/api/v1/keys/${own.id}/rotate`);
    expect(rotated.statusCode, rotated.body).toBe(201);
    expect(rotated.json()).toMatchObject({ products: [basic], expiresAt: EXPIRES });
  });

  it('lets a key-made key expire with its maker at the latest', async () => {
    const child = s.as((await keyCaller.post(keysUrl(), {})).json().key);
    s.clock.set('2030-03-17T09:00:01.000Z');
    expect(errorOf(await predict(keyCaller, 'basic'), 401)).toBe('auth.key_expired');
    expect(errorOf(await predict(child, 'basic'), 401)).toBe('auth.key_expired');
  });
});
