import { type AppContext, closeContext, createContext, revokeApiKey } from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, deployDigits, errorOf, securityServer } from './fixtures.ts';

/**
 * Issue #12, per-call overhead: a customer call's key, customer, partner, endpoint and version
 * are kept in memory between calls (db/read-cache.ts). Keeping them must not keep a revoked key
 * working, nor a stopped endpoint answering, for even one call: not when the server itself
 * revokes or stops, not when another process on the same workspace does (the CLI, an admin
 * script), and an expiry still runs out on the clock.
 */
describe('security: credentials kept between calls are dropped at once', () => {
  let s: Awaited<ReturnType<typeof securityServer>>;
  let image: (i: number) => number[][];
  let customerId: string;
  const predict = (caller: Caller) =>
    caller.post('/api/v1/endpoints/digits/predict', { image: image(0) });
  const newKey = async (body: object = {}) => {
    const res = await s.owner.post(`/api/v1/customers/${customerId}/keys`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string };
  };
  /** A second connection to the same workspace, as `qudao keys revoke` opens. */
  const otherProcess = async (work: (ctx: AppContext) => Promise<unknown>) => {
    const other = await createContext({ home: s.ctx.config.home, logLevel: 'silent' });
    try {
      await work(other);
    } finally {
      await closeContext(other);
    }
  };

  beforeAll(async () => {
    s = await securityServer();
    image = await deployDigits(s.ctx, ['digits']);
    const plan = (await s.owner.post('/api/v1/plans', { name: 'Std', currency: 'USD' })).json();
    await s.owner.post('/api/v1/products', { name: 'Digits', endpoint: 'digits', plan: plan.id });
    customerId = (await s.owner.post('/api/v1/customers', { name: 'Acme' })).json().id;
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('refuses a key on the first call after the server revokes it', async () => {
    const { id, key } = await newKey();
    const caller = s.as(key);
    expect((await predict(caller)).statusCode).toBe(200);
    expect((await predict(caller)).statusCode).toBe(200);
    expect((await s.owner.post(`/api/v1/keys/${id}/revoke`)).statusCode).toBe(200);
    expect(errorOf(await predict(caller), 401)).toBe('auth.key_revoked');
  });

  it('refuses a key on the first call after another process revokes it', async () => {
    const { id, key } = await newKey();
    const caller = s.as(key);
    expect((await predict(caller)).statusCode).toBe(200);
    await otherProcess((other) => revokeApiKey(other, id));
    expect(errorOf(await predict(caller), 401)).toBe('auth.key_revoked');
  });

  it('refuses a kept key once its expiry passes on the clock', async () => {
    const { key } = await newKey({ expiresAt: '2030-03-10T10:00:00.000Z' });
    const caller = s.as(key);
    expect((await predict(caller)).statusCode).toBe(200);
    s.clock.set('2030-03-10T10:00:01.000Z');
    expect(errorOf(await predict(caller), 401)).toBe('auth.key_expired');
  });

  it('refuses calls to an endpoint another process stopped, then serves it once started', async () => {
    const { key } = await newKey();
    const caller = s.as(key);
    expect((await predict(caller)).statusCode).toBe(200);
    await otherProcess((other) =>
      other.db.updateTable('endpoints').set({ status: 'stopped' }).execute(),
    );
    expect(errorOf(await predict(caller), 409)).toBe('serving.endpoint_stopped');
    expect((await s.owner.post('/api/v1/endpoints/digits/start')).statusCode).toBe(200);
    expect((await predict(caller)).statusCode).toBe(200);
  });
});
