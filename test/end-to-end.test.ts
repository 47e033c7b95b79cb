import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QudaoApiError, QudaoClient } from '@qudao/client';
import {
  buildServer,
  createApiKey,
  createCustomer,
  createPartner,
  deploy,
  importDataset,
  listModels,
  startTraining,
} from '@qudao/server';
import { createTestContext, digitRows, writeMnistSubset } from '@qudao/server/testing';
import { encode } from 'fast-png';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sellEndpoints } from './channels/sell.ts';

/** The whole path: data → train → register → deploy → a partner's customer calls it → metered. */
/** The first MNIST test image the model neither trained nor was tested on, and how many to check. */
const HELD_OUT = 1000;
const CHECKED = 50;

describe('end to end', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let customerClient: QudaoClient;
  let ownerClient: QudaoClient;
  let images: Uint8Array;
  let labels: Uint16Array;
  const usageCount = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('usage_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ctx = await createTestContext();
    const files = await writeMnistSubset(ctx.paths.tmp, 1000);
    images = files.mnist.images;
    labels = files.mnist.labels;
    await importDataset(ctx, { name: 'digits', idx: files });
    const job = await startTraining(ctx, {
      dataset: 'digits',
      model: 'mlp',
      epochs: 4,
      batchSize: 32,
    });
    const finished = await ctx.jobs.waitFor(job.id);
    expect(finished.error).toBeNull();
    expect(finished.status).toBe('succeeded');
    await deploy(ctx, { name: 'digits', model: 'digits-mlp', version: 1 });
    await sellEndpoints(ctx, ['digits']);
    const partner = await createPartner(ctx, { name: 'Acme Reseller', tier: 'gold' });
    const customer = await createCustomer(ctx, { name: 'Globex', partnerId: partner.id });
    const { key } = await createApiKey(ctx, customer.id);
    app = await buildServer(ctx);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    customerClient = new QudaoClient({ baseUrl: address, token: key });
    ownerClient = new QudaoClient({ baseUrl: address, token: ctx.ownerToken });
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('registered the trained model with its metrics and lineage', async () => {
    const [model] = await listModels(ctx);
    expect(model!.name).toBe('digits-mlp');
    const version = model!.versions[0]!;
    expect(version.dataset).toBe('digits');
    expect(version.datasetVersion).toBe(1);
    const metrics = version.metrics as { test: { accuracy: number; samples: number } };
    expect(metrics.test.samples).toBe(200);
    expect(metrics.test.accuracy).toBeGreaterThan(0.6);
  });

  it('predicts over HTTP with a customer key and writes exactly one usage record', async () => {
    const before = await usageCount();
    const prediction = await customerClient.serving.predict({
      params: { name: 'digits' },
      body: { image: digitRows(images, HELD_OUT) },
    });
    expect(prediction.billed).toBe(true);
    expect(prediction.probabilities).toHaveLength(10);
    const total = (prediction.probabilities ?? []).reduce((s, p) => s + p.probability, 0);
    expect(total).toBeCloseTo(1, 4);
    // The answered label is the most probable class.
    const top = prediction.probabilities!.reduce((a, b) => (b.probability > a.probability ? b : a));
    expect(prediction.label).toBe(top.label);
    expect(await usageCount()).toBe(before + 1);
    const [event] = await ctx.db
      .selectFrom('usage_events')
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .limit(1)
      .execute();
    const customers = await ownerClient.channels.listCustomers();
    expect(event!.customer_id).toBe(customers[0]!.id);
    expect(event!.partner_id).toBe(customers[0]!.partnerId);
    expect(event!.latency_ms).toBeGreaterThan(0);
  });

  it('labels real MNIST digits it never saw as well as its test accuracy says', async () => {
    // Images 1000.. of the MNIST test set are in neither the training nor the test split.
    let correct = 0;
    for (let i = HELD_OUT; i < HELD_OUT + CHECKED; i++) {
      const prediction = await customerClient.serving.predict({
        params: { name: 'digits' },
        body: { image: digitRows(images, i) },
      });
      if (prediction.label === String(labels[i])) correct++;
    }
    const [model] = await listModels(ctx);
    const reported = (model!.versions[0]!.metrics as { test: { accuracy: number } }).test.accuracy;
    // A model that guesses (10%), or a server that misreads 0..255 pixels, lands far below.
    expect(correct / CHECKED).toBeGreaterThan(0.7);
    expect(Math.abs(correct / CHECKED - reported)).toBeLessThan(0.15);
  });

  it('accepts a PNG upload and reads it as the same digit as its JSON rows', async () => {
    const data = new Uint8Array(images.subarray(HELD_OUT * 784, (HELD_OUT + 1) * 784));
    const png = encode({ width: 28, height: 28, data, channels: 1, depth: 8 });
    const fromPng = await customerClient.predictPng('digits', png);
    const fromJson = await customerClient.serving.predict({
      params: { name: 'digits' },
      body: { image: digitRows(images, HELD_OUT) },
    });
    expect(fromPng.probabilities).toHaveLength(10);
    expect(fromPng.label).toBe(fromJson.label);
    for (const [i, p] of fromPng.probabilities!.entries()) {
      expect(p.label).toBe(fromJson.probabilities![i]!.label);
      expect(p.probability).toBeCloseTo(fromJson.probabilities![i]!.probability, 5);
    }
  });

  it('reports usage by partner, customer and endpoint', async () => {
    const byPartner = await ownerClient.metering.usage({ query: { by: 'partner' } });
    expect(byPartner[0]!.name).toBe('Acme Reseller');
    const byEndpoint = await ownerClient.metering.usage({ query: { by: 'endpoint' } });
    expect(byEndpoint[0]!.name).toBe('digits');
    expect(byEndpoint[0]!.calls).toBe(await usageCount());
  });

  it('refuses bad input with stable codes, bills nothing, and stays up', async () => {
    const before = await usageCount();
    const expectCode = async (promise: Promise<unknown>, status: number, code: string) => {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(QudaoApiError);
      expect((error as QudaoApiError).status).toBe(status);
      expect((error as QudaoApiError).code).toBe(code);
    };
    const short = digitRows(images, 0).slice(1); // 27x28
    await expectCode(
      customerClient.serving.predict({ params: { name: 'digits' }, body: { image: short } }),
      400,
      'serving.bad_input',
    );
    await expectCode(
      customerClient.predictPng('digits', new TextEncoder().encode('hello')),
      400,
      'serving.bad_input',
    );
    await expectCode(
      customerClient.serving.predict({
        params: { name: 'no-such-endpoint' },
        body: { image: digitRows(images, 0) },
      }),
      404,
      'serving.endpoint_not_found',
    );
    const big = encode({
      width: 27,
      height: 28,
      data: new Uint8Array(27 * 28),
      channels: 1,
      depth: 8,
    });
    await expectCode(customerClient.predictPng('digits', big), 400, 'serving.bad_input');
    expect(await usageCount()).toBe(before);
    expect((await ownerClient.system.health()).status).toBe('ok');
  });

  it('refuses a corrupt IDX file and leaves no dataset version behind', async () => {
    const bad = path.join(ctx.paths.tmp, 'corrupt.idx');
    await writeFile(bad, Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 9]));
    const good = await writeMnistSubset(ctx.paths.tmp, 10);
    await expect(
      importDataset(ctx, { name: 'broken', idx: { images: bad, labels: good.labels } }),
    ).rejects.toMatchObject({
      code: 'data.idx_corrupt',
    });
    expect((await ownerClient.data.list()).map((d) => d.name)).toEqual(['digits']);
  });
});
