import { buildServer } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseHash, seedTenants } from './channels/tenants.ts';

/** Bad input gets a clear error with a stable code, and nothing is written. */
describe('channels: bad input', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let t: Awaited<ReturnType<typeof seedTenants>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
    t = await seedTenants(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const call = (method: 'POST' | 'GET', url: string, payload: unknown, token = ctx.ownerToken) =>
    app.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${token}` },
    });

  async function refused(
    method: 'POST' | 'GET',
    url: string,
    payload: unknown,
    status: number,
    code: string,
    token?: string,
  ) {
    const before = await databaseHash(ctx);
    const res = await call(method, url, payload, token);
    expect(res.statusCode, res.body).toBe(status);
    const error = res.json().error;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(await databaseHash(ctx)).toBe(before);
    return error;
  }

  it('refuses negative prices and non-integer money', async () => {
    const e = await refused(
      'POST',
      '/api/v1/plans',
      { name: 'Neg', currency: 'USD', tiers: [{ upTo: null, priceMinor: -1 }] },
      400,
      'request.invalid',
    );
    expect(e.message).toContain('prices cannot be negative');
    await refused(
      'POST',
      '/api/v1/plans',
      { name: 'Fee', currency: 'USD', monthlyFeeMinor: -500 },
      400,
      'request.invalid',
    );
    const f = await refused(
      'POST',
      '/api/v1/plans',
      { name: 'Frac', currency: 'USD', monthlyFeeMinor: 9.99 },
      400,
      'request.invalid',
    );
    expect(f.message).toContain('integer minor units');
    await refused(
      'POST',
      '/api/v1/deals',
      { company: 'X', valueMinor: -100 },
      400,
      'request.invalid',
    );
    await refused(
      'POST',
      '/api/v1/commission-rules',
      { tier: 'gold', firstYearBps: -5, renewalBps: 0 },
      400,
      'request.invalid',
    );
    await refused(
      'POST',
      '/api/v1/plans',
      {
        name: 'Tiers',
        currency: 'USD',
        tiers: [
          { upTo: 100, priceMinor: 1 },
          { upTo: 50, priceMinor: 1 },
          { upTo: null, priceMinor: 1 },
        ],
      },
      400,
      'plans.bad_tiers',
    );
  });

  it('refuses unknown currencies', async () => {
    const e = await refused(
      'POST',
      '/api/v1/plans',
      { name: 'Zzz', currency: 'ZZZ' },
      400,
      'plans.unknown_currency',
    );
    expect(e.message).toContain('ISO 4217');
    await refused(
      'POST',
      '/api/v1/plans',
      { name: 'Long', currency: 'DOLLARS' },
      400,
      'request.invalid',
    );
    await refused(
      'POST',
      '/api/v1/deals',
      { company: 'X', currency: 'ABC' },
      400,
      'plans.unknown_currency',
    );
    await refused(
      'POST',
      '/api/v1/commission-rules',
      { tier: 'gold', firstYearBps: 1, renewalBps: 1, currency: 'QQQ' },
      400,
      'plans.unknown_currency',
    );
  });

  it('refuses a deal for a customer of another partner', async () => {
    // The owner registering it for partner A: a clear conflict.
    await refused(
      'POST',
      '/api/v1/deals',
      { company: 'Bolt', customerId: t.b.customer.id, partnerId: t.a.partner.id },
      409,
      'deals.customer_of_other_partner',
    );
    // Partner A itself: B's customer does not exist for it.
    await refused(
      'POST',
      '/api/v1/deals',
      { company: 'Bolt', customerId: t.b.customer.id },
      404,
      'channels.customer_not_found',
      t.a.token.token,
    );
  });

  it('flags a second registration of the same company; the first registrant has priority', async () => {
    const first = (
      await call('POST', '/api/v1/deals', { company: 'Globex Ltd.' }, t.b.token.token)
    ).json();
    const second = (
      await call('POST', '/api/v1/deals', { company: 'GLOBEX ltd' }, t.a.token.token)
    ).json();
    expect(first.registration).toBe('pending');
    expect(first.conflictDealId).toBeNull();
    expect(second.conflictDealId).toBe(first.id);
    await refused(
      'POST',
      `/api/v1/deals/${second.id}/approve`,
      {},
      409,
      'deals.registration_conflict',
    );
    expect((await call('POST', `/api/v1/deals/${first.id}/approve`, {})).json().registration).toBe(
      'approved',
    );
    await refused(
      'POST',
      `/api/v1/deals/${first.id}/stage`,
      { stage: 'won' },
      409,
      'deals.bad_transition',
    );
  });

  it('refuses overlapping periods', async () => {
    await refused(
      'POST',
      '/api/v1/billing/periods',
      { start: '2020-01-15T00:00:00Z', end: '2020-02-15T00:00:00Z' },
      409,
      'billing.period_overlap',
    );
    await refused(
      'POST',
      '/api/v1/billing/periods',
      { start: 'yesterday', end: '2020-02-15T00:00:00Z' },
      400,
      'request.invalid',
    );
  });

  it('refuses an expired or revoked key, and expiry dates in the past', async () => {
    const key = (
      await call('POST', `/api/v1/customers/${t.a.customer.id}/keys`, {
        expiresAt: new Date(Date.now() + 1000).toISOString(),
      })
    ).json();
    await new Promise((r) => setTimeout(r, 1050));
    await refused('GET', '/api/v1/usage', undefined, 401, 'auth.key_expired', key.key);
    await call('POST', `/api/v1/keys/${t.a.key.id}/revoke`, {});
    await refused('GET', '/api/v1/usage', undefined, 401, 'auth.key_revoked', t.a.key.key);
    await refused(
      'POST',
      `/api/v1/customers/${t.a.customer.id}/keys`,
      { expiresAt: '2001-01-01T00:00:00Z' },
      400,
      'auth.expiry_in_past',
    );
    const token = (
      await call('POST', '/api/v1/access-tokens', {
        role: 'partner',
        name: 'x',
        partnerId: t.a.partner.id,
      })
    ).json();
    await call('POST', `/api/v1/access-tokens/${token.id}/revoke`, {});
    await refused('GET', '/api/v1/deals', undefined, 401, 'auth.key_revoked', token.token);
    await refused(
      'POST',
      '/api/v1/access-tokens',
      { role: 'admin', name: 'y' },
      403,
      'auth.admin_by_owner_only',
      t.admin.token,
    );
  });
});
