import { buildServer, createCustomer } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QudaoApiError, QudaoClient } from './client.ts';

/** The intelligence routes through the generated client over real HTTP, before any refresh. */
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

describe('intelligence through the client', () => {
  it('says which model is missing, with the stable code, until the first refresh', async () => {
    const scores = owner.intelligence.scores({ query: {} });
    await expect(scores).rejects.toBeInstanceOf(QudaoApiError);
    await expect(scores).rejects.toMatchObject({
      status: 409,
      code: 'intelligence.model_not_trained',
    });
    // An inquiry is never refused for it: it waits for a person until the triage model exists.
    const customer = await createCustomer(ctx, { name: 'Acme' });
    const sent = await owner.intelligence.submitInquiry({
      body: { text: 'Where is my invoice?', customerId: customer.id },
    });
    expect([sent.route, sent.status, sent.category]).toEqual(['review', 'needs_review', null]);
    expect(await owner.intelligence.refreshes()).toEqual([]);
  });
});
