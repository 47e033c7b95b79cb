import {
  buildServer,
  createApiKey,
  createCustomer,
  deploy,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext, writeMnistSubset } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { sellEndpoints } from '../channels/sell.ts';

/**
 * A workspace with two endpoints as a customer reaches them: `digits` (the mlp template on 300
 * MNIST images, 28x28 grayscale) and `iris` (logistic regression on the built-in table), and a
 * customer's API key.
 */
export async function servingFixture(options: { tabular?: boolean } = {}) {
  const ctx = await createTestContext();
  const files = await writeMnistSubset(ctx.paths.tmp, 300);
  await importDataset(ctx, { name: 'digits', idx: files });
  const trained: [string, string][] = [['digits', 'mlp']];
  if (options.tabular) {
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    trained.push(['iris', 'logistic-regression']);
  }
  for (const [dataset, model] of trained) {
    const job = await startTraining(ctx, { dataset, model, epochs: 1, batchSize: 64 });
    const done = await ctx.jobs.waitFor(job.id);
    if (done.error) throw new Error(`training ${dataset} failed: ${done.error}`);
  }
  await deploy(ctx, { name: 'digits', model: 'digits-mlp', version: 1 });
  if (options.tabular)
    await deploy(ctx, { name: 'iris', model: 'iris-logistic-regression', version: 1 });
  // A customer calls only what is sold on a plan (metering.not_for_sale otherwise).
  await sellEndpoints(ctx, options.tabular ? ['digits', 'iris'] : ['digits']);
  const customer = await createCustomer(ctx, { name: 'Mallory Inc' });
  const key = (await createApiKey(ctx, customer.id)).key;
  const app: FastifyInstance = await buildServer(ctx);
  return {
    ctx,
    app,
    key,
    images: files.mnist.images,
    async close() {
      await app.close();
      await ctx.dispose();
    },
    usageEvents: () => ctx.db.selectFrom('usage_events').selectAll().execute(),
  };
}
