import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildServer } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { encode } from 'fast-png';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/onnx');
const fixture = (name: string) => readFile(path.join(FIXTURES, name));
const expected = async (name: string) =>
  JSON.parse(await readFile(path.join(FIXTURES, name), 'utf8'));

/**
 * Bring your own model: ONNX files exported by PyTorch (scripts/make-onnx-fixtures.py) are
 * registered, deployed and served through onnxruntime-node on the inference workers, with the
 * answers PyTorch gave; an operator onnxruntime lacks is refused at import, clearly.
 */
describe('ONNX models trained elsewhere', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  const owner = () => ({ authorization: `Bearer ${ctx.ownerToken}` });
  const importOnnx = async (name: string, file: string, query: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/models/${name}/onnx?${query}`,
      headers: { ...owner(), 'content-type': 'application/octet-stream' },
      payload: await fixture(file),
    });
  const deploy = (name: string, model: string, version = 1) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/endpoints',
      headers: owner(),
      payload: { name, model, version },
    });
  const predict = (endpoint: string, body: object | Uint8Array) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${endpoint}/predict`,
      headers: {
        ...owner(),
        'content-type': body instanceof Uint8Array ? 'image/png' : 'application/json',
      },
      payload: body instanceof Uint8Array ? Buffer.from(body) : body,
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('serves an exported CNN (NCHW) from JSON and PNG images with PyTorch answers', async () => {
    const classes = Array.from({ length: 10 }, (_, i) => i).join(',');
    const imported = await importOnnx(
      'digits-onnx',
      'digits-cnn.onnx',
      `kind=image&classes=${classes}`,
    );
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({
      model: 'digits-onnx',
      version: 1,
      template: 'onnx',
      signature: { kind: 'image', inputShape: [28, 28, 1], classes: classes.split(',') },
    });
    expect((await deploy('digits-onnx', 'digits-onnx')).statusCode).toBe(201);
    const { images, probabilities } = await expected('digits-cnn.expected.json');
    for (let i = 0; i < images.length; i++) {
      const answer = await predict('digits-onnx', { image: images[i] });
      expect(answer.statusCode, answer.body).toBe(200);
      const got = answer.json().probabilities.map((p: { probability: number }) => p.probability);
      for (let k = 0; k < 10; k++) expect(got[k]).toBeCloseTo(probabilities[i][k], 4);
    }
    // The same image as a PNG decodes on a worker to the same input.
    const png = encode({
      width: 28,
      height: 28,
      channels: 1,
      depth: 8,
      data: Uint8Array.from(images[2].flat()),
    });
    const fromPng = (await predict('digits-onnx', png)).json().probabilities;
    for (let k = 0; k < 10; k++) expect(fromPng[k].probability).toBeCloseTo(probabilities[2][k], 4);
  });

  it('serves a tabular model from rows, and refuses outputs that overflow', async () => {
    const imported = await importOnnx(
      'iris-onnx',
      'iris-linear.onnx',
      'kind=tabular&classes=a,b,c&columns=sl,sw,pl,pw',
    );
    expect(imported.statusCode, imported.body).toBe(201);
    expect((await deploy('iris-onnx', 'iris-onnx')).statusCode).toBe(201);
    const { rows, probabilities } = await expected('iris-linear.expected.json');
    const answer = await predict('iris-onnx', { inputs: rows });
    expect(answer.statusCode, answer.body).toBe(200);
    const got = answer.json().predictions;
    for (let r = 0; r < rows.length; r++) {
      for (let k = 0; k < 3; k++)
        expect(got[r].probabilities[k].probability).toBeCloseTo(probabilities[r][k], 5);
    }
    const exp = await importOnnx('exp', 'overflow.onnx', 'kind=tabular&classes=no,yes');
    expect(exp.statusCode, exp.body).toBe(201);
    expect((await deploy('exp', 'exp')).statusCode).toBe(201);
    expect((await predict('exp', { inputs: [[0, 1]] })).statusCode).toBe(200);
    const overflow = await predict('exp', { inputs: [[1000, 1]] });
    expect(overflow.statusCode).toBe(400);
    expect(overflow.json().error).toMatchObject({
      code: 'serving.bad_input',
      details: { reason: 'non_finite' },
    });
  });

  it('refuses an unsupported operator and an output that does not fit, registering nothing', async () => {
    const unsupported = await importOnnx(
      'frob',
      'unsupported-op.onnx',
      'kind=image&classes=0,1,2,3,4,5,6,7,8,9',
    );
    expect(unsupported.statusCode).toBe(422);
    expect(unsupported.json().error.code).toBe('serving.model_unsupported');
    expect(unsupported.json().error.message).toContain('Frobnicate');
    const misfit = await importOnnx('misfit', 'digits-cnn.onnx', 'kind=image&classes=a,b,c');
    expect(misfit.statusCode).toBe(422);
    expect(misfit.json().error).toMatchObject({ code: 'serving.bad_onnx_model' });
    expect(misfit.json().error.message).toContain('10 values a row');
    const notOnnx = await app.inject({
      method: 'POST',
      url: '/api/v1/models/junk/onnx?kind=tabular',
      headers: { ...owner(), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('this is not a model'),
    });
    expect(notOnnx.statusCode).toBe(422);
    expect(notOnnx.json().error.code).toBe('serving.model_load_failed');
    const models = (
      await app.inject({ method: 'GET', url: '/api/v1/models', headers: owner() })
    ).json();
    expect(models.map((m: { name: string }) => m.name).sort()).toEqual([
      'digits-onnx',
      'exp',
      'iris-onnx',
    ]);
    // The endpoints already serving are unaffected.
    const { images } = await expected('digits-cnn.expected.json');
    expect((await predict('digits-onnx', { image: images[0] })).statusCode).toBe(200);
  });
});
