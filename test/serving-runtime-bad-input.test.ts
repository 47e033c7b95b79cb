import { writeFile } from 'node:fs/promises';
import path from 'node:path';
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
 * Bad input on the serving runtime (#12 Must show): wrong shapes, NaN and Infinity, oversized
 * bodies, unsupported content types, a model file that fails to load. Each answers a stable code,
 * nothing is billed, and the other endpoints keep answering, during and after.
 */
describe('bad input to the serving runtime', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let key: string;
  let digit: number[][];

  const send = (endpoint: string, payload: string | Buffer | object, type = 'application/json') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${endpoint}/predict`,
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      payload,
    });
  const codeOf = async (r: Awaited<ReturnType<typeof send>>) => {
    const error = r.json().error;
    return `${r.statusCode} ${error.code}${error.details?.reason ? `:${error.details.reason}` : ''}`;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const files = await writeMnistSubset(ctx.paths.tmp, 300);
    digit = digitRows(files.mnist.images, 0);
    await importDataset(ctx, { name: 'digits', idx: files });
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    for (const [dataset, model, runs] of [
      ['digits', 'mlp', 2],
      ['iris', 'logistic-regression', 1],
    ] as const) {
      for (let i = 0; i < runs; i++) {
        const job = await startTraining(ctx, { dataset, model, epochs: 1, batchSize: 64 });
        expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
      }
    }
    await deploy(ctx, { name: 'digits', model: 'digits-mlp', version: 1 });
    await deploy(ctx, { name: 'iris', model: 'iris-logistic-regression', version: 1 });
    await sellEndpoints(ctx, ['digits', 'iris']);
    key = (await createApiKey(ctx, (await createCustomer(ctx, { name: 'Initech' })).id)).key;
    ctx.config.maxUploadBytes = 64 * 1024;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('answers each bad input with its stable code while good calls to the others succeed', async () => {
    const png = (w: number, h: number) =>
      Buffer.from(
        encode({ width: w, height: h, data: new Uint8Array(w * h), channels: 1, depth: 8 }),
      );
    const bad = [
      send('digits', { image: digit.slice(3) }),
      send('digits', png(28, 30), 'image/png'),
      send('digits', { image: digit.map((r) => r.map(() => 'NaN')) }),
      send('digits', `{"image": [${Array(784).fill('1e999').join(',')}]}`),
      send('iris', { inputs: [[1, 2, 3]] }),
      send('iris', '{"inputs": [[1e999, 1, 1, 1]]}'),
      send('iris', '{"inputs": [[1e300, 1, 1, 1]]}'),
      send('digits', { image: Array(40_000).fill(0) }),
      send('digits', Buffer.alloc(70_000), 'image/png'),
      send('digits', 'hello', 'text/plain'),
      send('digits', '{"image": [1, 2', 'application/json'),
    ];
    const good = Array.from({ length: 8 }, (_, i) =>
      i % 2 ? send('digits', { image: digit }) : send('iris', { inputs: [[5.1, 3.5, 1.4, 0.2]] }),
    );
    const answers = await Promise.all(bad.map(async (r) => codeOf(await r)));
    expect(answers).toEqual([
      '400 serving.bad_input:shape',
      '400 serving.bad_input:shape',
      '400 serving.bad_input:values',
      '400 serving.bad_input:values',
      '400 serving.bad_input:signature',
      '400 serving.bad_input:signature',
      '400 serving.bad_input:non_finite',
      '413 request.too_large',
      '413 request.too_large',
      '415 serving.unsupported_media_type',
      '400 request.invalid_json',
    ]);
    expect((await Promise.all(good)).map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    // Only the good calls were billed.
    expect(await ctx.db.selectFrom('usage_events').selectAll().execute()).toHaveLength(8);
  });

  it('refuses to deploy a version whose files fail to load, and keeps serving the one before', async () => {
    const v2 = await ctx.db
      .selectFrom('model_versions')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .select('model_versions.artifact_path')
      .where('models.name', '=', 'digits-mlp')
      .where('model_versions.version', '=', 2)
      .executeTakeFirstOrThrow();
    await writeFile(path.join(v2.artifact_path, 'weights.bin'), Buffer.alloc(12));
    const deployed = await app.inject({
      method: 'POST',
      url: '/api/v1/endpoints',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload: { name: 'digits', model: 'digits-mlp', version: 2 },
    });
    expect(deployed.statusCode).toBe(422);
    expect(deployed.json().error.code).toBe('serving.model_load_failed');
    expect(deployed.json().error.message).toContain('digits-mlp@2');
    const endpoint = await app.inject({
      method: 'GET',
      url: '/api/v1/endpoints/digits',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(endpoint.json().version).toBe(1);
    const after = await send('digits', { image: digit });
    expect(after.statusCode).toBe(200);
    expect(after.json().version).toBe(1);
    expect((await send('iris', { inputs: [[5.1, 3.5, 1.4, 0.2]] })).statusCode).toBe(200);
  });
});
