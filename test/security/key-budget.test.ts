import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayFixture } from '../gateway/fixture.ts';

/**
 * Issue #13, budgets: a key's money budget cannot be escaped by the key itself. A key cannot
 * set a budget (its own or another's); a key it makes, and the key it is rotated into, spend
 * the same budget, so minting or rotating keys buys no fresh one (docs/security.md).
 */
describe('security: a key cannot escape its budget by making or rotating keys', () => {
  let f: Awaited<ReturnType<typeof gatewayFixture>>;
  let budgeted: { id: string; key: string };
  const keysUrl = () => `/api/v1/customers/${f.customer.id}/keys`;
  const post = (token: string, url: string, body: unknown) =>
    f.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      payload: body as object,
    });
  // 1 minor unit per output token: a call with max_tokens 20 needs 20 units plus its prompt.
  const call = (key: string) =>
    post(key, '/v1/completions', { model: 'writer', prompt: 'sea', max_tokens: 20 });

  beforeAll(async () => {
    f = await gatewayFixture({ plan: { inputPricePer1kMinor: 0, outputPricePer1kMinor: 1000 } });
    const res = await post(f.ctx.ownerToken, keysUrl(), { budgetMinor: 30 });
    expect(res.statusCode, res.body).toBe(201);
    budgeted = res.json();
    expect(res.json().budgetMinor).toBe(30);
  });
  afterAll(async () => f?.close());

  it('refuses a budget set by a key, and a key made by a key shares its maker’s budget', async () => {
    const own = await post(budgeted.key, keysUrl(), { budgetMinor: 1_000_000 });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('auth.key_wider_than_creator');
    const made = await post(budgeted.key, keysUrl(), { name: 'child' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().budgetMinor).toBe(30);
    // The maker spends 20 of 30; the child cannot then spend another 20.
    expect((await call(budgeted.key)).statusCode).toBe(200);
    const child = await call(made.json().key);
    expect(child.statusCode).toBe(402);
    expect(child.json().error.code).toBe('metering.budget_exhausted');
  });

  it('a rotated key keeps spending the budget of the key it replaces', async () => {
    const rotated = await post(budgeted.key, `/api/v1/keys/${budgeted.id}/rotate`, {});
    expect(rotated.statusCode, rotated.body).toBe(201);
    expect(rotated.json().budgetMinor).toBe(30);
    const res = await call(rotated.json().key);
    expect(res.statusCode).toBe(402);
    expect(res.json().error).toMatchObject({
      code: 'metering.budget_exhausted',
      type: 'insufficient_quota',
    });
  });
});
