import { readFile } from 'node:fs/promises';
import { loadModel, tf } from '@qudao/ml';
import { syntheticRegression } from '@qudao/ml/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessToken } from '../auth/access-tokens.service.ts';
import { createPartner } from '../channels/channels.service.ts';
import { importLoadedDataset } from '../data/data.service.ts';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import { artifactDir, getModelVersion } from './registry.service.ts';

describe('a version as TensorFlow.js files', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let analyst: string;
  let partner: string;
  const base = '/api/v1/models/houses/versions';

  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'houses', syntheticRegression(80, 1), {
      testFraction: 0.25,
      seed: 1,
      source: 'test',
    });
    const job = await startTraining(ctx, {
      dataset: 'houses',
      model: 'linear-regression',
      modelName: 'houses',
      epochs: 2,
      learningRate: 0.05,
    });
    expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    analyst = (await createAccessToken(ctx, { role: 'analyst', name: 'a' })).token;
    const p = await createPartner(ctx, { name: 'Reseller A' });
    partner = (await createAccessToken(ctx, { role: 'partner', name: 'p', partnerId: p.id })).token;
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  const get = (url: string, token: string) =>
    app.inject({ url, headers: { authorization: `Bearer ${token}` } });

  it('serves model.json and weights.bin that load and predict as the saved model does', async () => {
    const modelJson = await get(`${base}/1/tfjs/model.json`, analyst);
    expect(modelJson.statusCode).toBe(200);
    expect(modelJson.headers['content-type']).toMatch(/application\/json/);
    const json = modelJson.json();
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const weights = await get(`${base}/1/tfjs/weights.bin`, analyst);
    expect(weights.statusCode).toBe(200);
    const bytes = weights.rawPayload;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      }),
    );
    const version = await getModelVersion(ctx, 'houses', 1);
    const saved = await loadModel((await artifactDir(ctx, version.id))!);
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    const [a, b] = [loaded, saved].map((m) => Array.from((m.predict(x) as tf.Tensor).dataSync()));
    expect(a).toEqual(b);
  });

  it('answers the not-found code for an unknown version or model, and refuses a partner', async () => {
    expect((await get(`${base}/9/tfjs/model.json`, analyst)).json().error.code).toBe(
      'registry.version_not_found',
    );
    expect(
      (await get('/api/v1/models/nope/versions/1/tfjs/weights.bin', analyst)).json().error.code,
    ).toBe('registry.model_not_found');
    for (const file of ['model.json', 'weights.bin']) {
      expect([403, 404]).toContain((await get(`${base}/1/tfjs/${file}`, partner)).statusCode);
    }
  });

  it('answers registry.no_tfjs_files for a version imported from ONNX', async () => {
    const onnx = await readFile(
      new URL('../../../../test/fixtures/onnx/iris-linear.onnx', import.meta.url),
    );
    const imported = await app.inject({
      method: 'POST',
      url: '/api/v1/models/iris-onnx/onnx?kind=tabular&classes=a,b,c&columns=sl,sw,pl,pw',
      headers: {
        authorization: `Bearer ${ctx.ownerToken}`,
        'content-type': 'application/octet-stream',
      },
      payload: onnx,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const files = await get('/api/v1/models/iris-onnx/versions/1/tfjs/model.json', analyst);
    expect({ status: files.statusCode, code: files.json().error.code }).toEqual({
      status: 404,
      code: 'registry.no_tfjs_files',
    });
  });
});
