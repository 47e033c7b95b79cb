import { buildServer } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QudaoApiError, QudaoClient } from './client.ts';
import { pathOf } from './contract-client.ts';

let ctx: Awaited<ReturnType<typeof createTestContext>>;
let app: Awaited<ReturnType<typeof buildServer>>;
let client: QudaoClient;
let baseUrl: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildServer(ctx);
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  client = new QudaoClient({ baseUrl, token: ctx.ownerToken });
});
afterAll(async () => {
  await app.close();
  await ctx.dispose();
});

describe('the contract client', () => {
  it('calls routes by domain and operation, with typed params and bodies', async () => {
    const created = await client.deals.create({ body: { company: 'Initech', valueMinor: 120_00 } });
    expect(created).toMatchObject({ company: 'Initech', stage: 'lead', registration: 'direct' });
    const moved = await client.deals.move({
      params: { dealId: created.id },
      body: { stage: 'qualified' },
    });
    expect(moved.stage).toBe('qualified');
    expect((await client.deals.get({ params: { dealId: created.id } })).qualifiedAt).toBe(
      moved.qualifiedAt,
    );
    expect((await client.deals.list()).map((d) => d.id)).toEqual([created.id]);
  });

  it('raises the server error with its stable code and status', async () => {
    const unknown = await client.deals.get({ params: { dealId: 'deal_nope' } }).catch((e) => e);
    expect(unknown).toBeInstanceOf(QudaoApiError);
    expect(unknown).toMatchObject({ status: 404, code: 'deals.deal_not_found' });
    const invalid = await client.deals
      .create({ body: { company: '', valueMinor: -1 } })
      .catch((e) => e);
    expect(invalid).toMatchObject({ status: 400, code: 'request.invalid' });
  });

  it('refuses to call without credentials', async () => {
    const anonymous = new QudaoClient({ baseUrl });
    await expect(anonymous.deals.list()).rejects.toMatchObject({
      status: 401,
      code: 'auth.missing_credentials',
    });
  });
});

describe('pathOf', () => {
  it('encodes path parameters and drops undefined query values', () => {
    expect(pathOf('/api/v1/deals/:dealId/stage', { dealId: 'a/b c' })).toBe(
      '/api/v1/deals/a%2Fb%20c/stage',
    );
    expect(pathOf('/x', {}, { a: 1, b: undefined, c: ['p', 'q'] })).toBe('/x?a=1&c=p&c=q');
    expect(() => pathOf('/x/:id', {})).toThrow('missing path parameter id');
  });
});
