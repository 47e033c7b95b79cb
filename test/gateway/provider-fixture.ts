import type { AddressInfo } from 'node:net';
import { QudaoClient } from '@qudao/client';
import {
  buildServer,
  createApiKey,
  createCustomer,
  createPlan,
  createProduct,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import OpenAI from 'openai';
import { gatewayFixture } from './fixture.ts';
import { failingUpstream } from './upstreams.ts';

/** Input and output prices of the plan the upstream models are sold on (per 1,000 tokens). */
export const PRICES = { input: 3, output: 7 };
/** What 1,000 tokens cost the owner at the second Qudao. */
export const B_COSTS = { input: 11, output: 13 };

/**
 * Two real upstreams on 127.0.0.1 — a second Qudao serving the test GPT as `writer` (`b`, its
 * owner token as the provider's secret) and one that fails on purpose (`flaky`) — and a
 * listening Qudao (`ctx`, `url`) that resells them: providers registered through its API, each
 * model sold as a product on a token-priced plan, a customer with a key and OpenAI clients.
 */
export async function providerFixture() {
  const b = await gatewayFixture();
  const flaky = await failingUpstream();
  const ctx = await createTestContext();
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const api = new QudaoClient({ baseUrl: url, token: ctx.ownerToken });
  const cost = (input: number, output: number) => ({
    inputCostPer1kMinor: input,
    outputCostPer1kMinor: output,
  });
  const flakyProvider = async (
    name: string,
    models: { model: string; upstreamModel: string; priority: number }[],
    timeoutMs = 5_000,
  ) =>
    api.providers.create({
      body: {
        name,
        baseUrl: flaky.url,
        apiKey: `sk-${name}-secret-0001`,
        currency: 'USD',
        timeoutMs,
        models: models.map((m) => ({ ...m, ...cost(1, 2) })),
      },
    });
  const bModels = ['resale', 'cut', 'direct', 'race', 'refused', 'embed', 'unsold-up'];
  await api.providers.create({
    body: {
      name: 'qudao-b',
      baseUrl: `${b.url}/v1`,
      apiKey: b.ctx.ownerToken,
      currency: 'USD',
      models: bModels.map((model) => ({
        model,
        upstreamModel: 'writer',
        priority: 9,
        ...cost(B_COSTS.input, B_COSTS.output),
      })),
    },
  });
  await flakyProvider('flaky-429', [
    { model: 'resale', upstreamModel: 'rate-limited', priority: 0 },
    { model: 'embed', upstreamModel: 'rate-limited', priority: 0 },
  ]);
  await flakyProvider('flaky-500', [
    { model: 'resale', upstreamModel: 'broken', priority: 1 },
    { model: 'lonely', upstreamModel: 'broken', priority: 0 },
  ]);
  await flakyProvider('flaky-hang', [{ model: 'resale', upstreamModel: 'hang', priority: 2 }], 300);
  await flakyProvider('flaky-die', [{ model: 'cut', upstreamModel: 'die-after-3', priority: 0 }]);
  await flakyProvider(
    'flaky-stall',
    [{ model: 'stall', upstreamModel: 'stall-after-2', priority: 0 }],
    300,
  );
  await flakyProvider('flaky-auth', [
    { model: 'refused', upstreamModel: 'unauthorized', priority: 0 },
  ]);
  await flakyProvider('flaky-count', [
    { model: 'counted', upstreamModel: 'no-usage', priority: 0 },
    { model: 'clamped', upstreamModel: 'over-reports', priority: 0 },
  ]);
  const plan = await createPlan(ctx, {
    name: 'tokens',
    currency: 'USD',
    ratePerSecond: 10_000,
    burst: 10_000,
    inputPricePer1kMinor: PRICES.input,
    outputPricePer1kMinor: PRICES.output,
  });
  // One minor unit per token, for the budget race.
  const dear = await createPlan(ctx, {
    name: 'dear',
    currency: 'USD',
    ratePerSecond: 10_000,
    burst: 10_000,
    inputPricePer1kMinor: 1000,
    outputPricePer1kMinor: 1000,
  });
  const products: Record<string, string> = {};
  const sold = [
    'resale',
    'cut',
    'direct',
    'refused',
    'lonely',
    'stall',
    'counted',
    'clamped',
    'embed',
  ];
  for (const model of sold) {
    products[model] = (
      await createProduct(ctx, { name: model, endpoint: model, plan: plan.id })
    ).id;
  }
  products.race = (await createProduct(ctx, { name: 'race', endpoint: 'race', plan: dear.id })).id;
  const customer = await createCustomer(ctx, { name: 'Initech' });
  const key = await createApiKey(ctx, customer.id, {});
  const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 });
  return {
    ctx,
    url,
    api,
    b,
    flaky,
    customer,
    key,
    products,
    client,
    openai: client(key.key),
    owner: client(ctx.ownerToken),
    usageEvents: () =>
      ctx.db.selectFrom('usage_events').selectAll().orderBy('occurred_at').execute(),
    async close() {
      await app.close();
      await ctx.dispose();
      await flaky.close();
      await b.close();
    },
  };
}

export type ProviderFixture = Awaited<ReturnType<typeof providerFixture>>;
