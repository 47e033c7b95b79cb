import {
  buildServer,
  createApiKey,
  createCustomer,
  deploy,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext, digitRows, writeMnistSubset } from '@qudao/server/testing';
import { encode } from 'fast-png';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sellEndpoints } from './channels/sell.ts';

/**
 * A customer's bad image and bad row answer one code, `serving.bad_input` (400), with the
 * reason in `details.reason` (docs/api.md), and nothing is billed.
 */
describe('bad prediction inputs: one code family', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let key: string;
  let digit: number[][];

  const send = (endpoint: string, body: object | Uint8Array, token = key) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${endpoint}/predict`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': body instanceof Uint8Array ? 'image/png' : 'application/json',
      },
      payload: body instanceof Uint8Array ? Buffer.from(body) : body,
    });
  const refusal = async (response: Awaited<ReturnType<typeof send>>) => {
    expect(response.statusCode, response.body).toBe(400);
    const { code, details, message } = response.json().error;
    expect(message.length).toBeGreaterThan(10);
    return `${code}:${details?.reason}`;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const files = await writeMnistSubset(ctx.paths.tmp, 300);
    digit = digitRows(files.mnist.images, 0);
    await importDataset(ctx, { name: 'digits', idx: files });
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    for (const [dataset, model] of [
      ['digits', 'mlp'],
      ['iris', 'logistic-regression'],
    ] as const) {
      const job = await startTraining(ctx, { dataset, model, epochs: 2, batchSize: 32 });
      expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    }
    await deploy(ctx, { name: 'digits', model: 'digits-mlp', version: 1 });
    await deploy(ctx, { name: 'iris', model: 'iris-logistic-regression', version: 1 });
    await sellEndpoints(ctx, ['digits', 'iris']);
    const customer = await createCustomer(ctx, { name: 'Globex' });
    key = (await createApiKey(ctx, customer.id)).key;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('answers bad images and bad rows with serving.bad_input and a reason, unbilled', async () => {
    const png = (width: number) =>
      encode({ width, height: 28, data: new Uint8Array(width * 28), channels: 1, depth: 8 });
    const answers = [
      await refusal(await send('digits', { image: digit.slice(1) })),
      await refusal(await send('digits', png(27))),
      await refusal(await send('digits', new TextEncoder().encode('not a png'))),
      await refusal(await send('digits', { image: digit.map((r) => r.map(() => 300)) })),
      await refusal(await send('digits', { inputs: [[1, 2, 3, 4]] })),
      await refusal(await send('digits', {})),
      await refusal(await send('iris', { inputs: [[1, 2]] })),
      await refusal(await send('iris', { inputs: [{ sepal_length: 'x' }] })),
      await refusal(await send('iris', { image: digit })),
    ];
    expect(answers).toEqual([
      'serving.bad_input:shape',
      'serving.bad_input:shape',
      'serving.bad_input:not_an_image',
      'serving.bad_input:values',
      'serving.bad_input:wrong_kind',
      'serving.bad_input:missing',
      'serving.bad_input:signature',
      'serving.bad_input:signature',
      'serving.bad_input:wrong_kind',
    ]);
    expect(await ctx.db.selectFrom('usage_events').selectAll().execute()).toEqual([]);
  });

  it('answers the same for a version called by reference', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/model-refs/iris-logistic-regression@1/predict',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { inputs: [[1, 2]] },
    });
    expect(await refusal(response)).toBe('serving.bad_input:signature');
    const image = await app.inject({
      method: 'POST',
      url: '/api/v1/model-refs/digits-mlp@1/predict',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { inputs: [digit] },
    });
    expect(await refusal(image)).toBe('serving.bad_input:wrong_kind');
  });
});
