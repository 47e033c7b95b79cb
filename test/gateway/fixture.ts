import type { AddressInfo } from 'node:net';
import {
  buildServer,
  createApiKey,
  createCustomer,
  createPlan,
  createProduct,
  deploy,
} from '@qudao/server';
import { createTestContext, registerTestLanguageModel } from '@qudao/server/testing';
import OpenAI from 'openai';

/**
 * A listening server with two language-model endpoints: `writer` (sold on a plan, as a
 * customer reaches it) and `unsold`, a customer with a key, and OpenAI clients for the key and
 * for the owner. `plan` is passed to createPlan (token prices, for metering tests).
 */
export async function gatewayFixture(
  options: { plan?: Record<string, unknown>; key?: Record<string, unknown> } = {},
) {
  const ctx = await createTestContext();
  await registerTestLanguageModel(ctx, 'tiny-gpt');
  await deploy(ctx, { name: 'writer', model: 'tiny-gpt', version: 1 });
  await deploy(ctx, { name: 'unsold', model: 'tiny-gpt', version: 1 });
  const plan = await createPlan(ctx, {
    name: 'tokens',
    currency: 'USD',
    ratePerSecond: 10_000,
    burst: 10_000,
    ...options.plan,
  });
  const product = await createProduct(ctx, { name: 'Writer', endpoint: 'writer', plan: plan.id });
  const customer = await createCustomer(ctx, { name: 'Initech' });
  const key = await createApiKey(ctx, customer.id, options.key ?? {});
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 });
  return {
    ctx,
    app,
    url,
    plan,
    product,
    customer,
    key,
    openai: client(key.key),
    owner: client(ctx.ownerToken),
    client,
    usageEvents: () =>
      ctx.db.selectFrom('usage_events').selectAll().orderBy('occurred_at').execute(),
    async close() {
      await app.close();
      await ctx.dispose();
    },
  };
}
