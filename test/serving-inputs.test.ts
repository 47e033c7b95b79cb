import { QudaoApiError, QudaoClient } from '@qudao/client';
import {
  buildServer,
  createApiKey,
  createCustomer,
  deploy,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sellEndpoints } from './channels/sell.ts';

/** A tabular model served through an endpoint: rows in, classes out, metered like images. */
describe('serving a tabular model', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let client: QudaoClient;

  beforeAll(async () => {
    ctx = await createTestContext();
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    const job = await startTraining(ctx, {
      dataset: 'iris',
      model: 'logistic-regression',
      modelName: 'iris-lr',
      epochs: 60,
      batchSize: 16,
      learningRate: 0.1,
    });
    const done = await ctx.jobs.waitFor(job.id);
    expect(done.error).toBeNull();
    await deploy(ctx, { name: 'iris', model: 'iris-lr', version: 1 });
    await sellEndpoints(ctx, ['iris']);
    const customer = await createCustomer(ctx, { name: 'Botanic Co' });
    const { key } = await createApiKey(ctx, customer.id);
    app = await buildServer(ctx);
    client = new QudaoClient({
      baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }),
      token: key,
    });
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('predicts every row and meters the call once', async () => {
    const setosa = [5.1, 3.5, 1.4, 0.2];
    const virginica = [7.7, 3.0, 6.1, 2.3];
    const answer = await client.serving.predict({
      params: { name: 'iris' },
      body: { inputs: [setosa, virginica] },
    });
    expect(answer.predictions).toHaveLength(2);
    const labels = (answer.predictions ?? []).map((p) => ('label' in p ? p.label : null));
    expect(labels[0]).toMatch(/setosa/i);
    expect(labels[1]).toMatch(/virginica/i);
    expect(answer.label).toBe(labels[0]);
    const events = await ctx.db.selectFrom('usage_events').selectAll().execute();
    expect(events).toHaveLength(1);
  });

  it('refuses an image or a malformed row with a clear code and bills nothing', async () => {
    const refused = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(QudaoApiError);
      return (error as QudaoApiError).code;
    };
    const iris = { name: 'iris' };
    expect(await refused(client.serving.predict({ params: iris, body: { image: [[1, 2]] } }))).toBe(
      'serving.bad_input',
    );
    expect(
      await refused(client.serving.predict({ params: iris, body: { inputs: [[1, 2]] } })),
    ).toBe('serving.bad_input');
    expect(await ctx.db.selectFrom('usage_events').selectAll().execute()).toHaveLength(1);
  });
});
