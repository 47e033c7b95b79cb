import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRng } from '@qudao/ml';
import { syntheticSpam } from '@qudao/ml/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, importLoadedDataset } from '../data/data.service.ts';
import { digitRows, writeMnistSubset } from '../demo/mnist-subset.ts';
import { buildServer } from '../http/server.ts';
import { getModelVersion } from '../registry/registry.service.ts';
import { deploy, predict } from '../serving/serving.service.ts';
import { OWNER } from '../shared/principal.ts';
import { createTestContext } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import * as store from './monitoring.store.ts';

/**
 * Digits the model never saw, after the 1,500 the data set holds and from the same half of the
 * MNIST test set (its first 5,000 come from NIST's training writers, the last 5,000 from other
 * writers with other strokes: a real drift of their own).
 */
const HELD_OUT = 2000;
const CALLS = 300;

describe('drift of images against the training reference', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let images: Uint8Array;
  let hook: Server;
  const received: { kind: string; endpoint: string; message: string }[] = [];

  const send = async (endpoint: string, first: number, change: (v: number) => number) => {
    for (let i = first; i < first + CALLS; i++) {
      const image = digitRows(images, i).map((row) => row.map(change));
      await predict(ctx, endpoint, { kind: 'json', image }, OWNER);
    }
  };
  const check = async (endpoint: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${endpoint}/drift/check?window=${CALLS}`,
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    ctx = await createTestContext();
    ctx.config.monitoring.alertWebhook = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
    const dir = path.join(ctx.config.home, 'mnist');
    await mkdir(dir, { recursive: true });
    const subset = await writeMnistSubset(dir, 1500);
    images = subset.mnist.images;
    await importDataset(ctx, {
      name: 'digits',
      idx: { images: subset.images, labels: subset.labels },
    });
    const job = await startTraining(ctx, {
      dataset: 'digits',
      model: 'mlp',
      modelName: 'digits-mlp',
      options: { hidden: [64] },
      epochs: 4,
      batchSize: 64,
      learningRate: 0.002,
    });
    expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    for (const name of ['digits', 'digits-inverted', 'digits-noised']) {
      await deploy(ctx, { name, model: 'digits-mlp', version: 1 });
    }
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
    await new Promise((resolve) => hook?.close(resolve));
  });

  it('stores the reference with the version when it is trained', async () => {
    const version = await getModelVersion(ctx, 'digits-mlp', 1);
    const saved = await store.findReference(ctx.db, version.id);
    expect(saved).toMatchObject({ kind: 'image', rows: 1200 });
    const reference = JSON.parse(saved!.reference_json);
    expect(Object.keys(reference.numeric).sort()).toEqual([
      'ink_fraction',
      'pixel_mean',
      'pixel_std',
    ]);
    expect(reference.numeric.pixel_mean).toHaveLength(1200);
    expect(Object.keys(reference.labels).sort()).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('raises no alert for held-out clean digits', async () => {
    await send('digits', HELD_OUT, (v) => v);
    const report = await check('digits');
    expect(report).toMatchObject({ enough: true, drifted: false, alertId: null, kind: 'image' });
    expect(
      report.columns.map((c: { column: string; method: string }) => [c.column, c.method]),
    ).toEqual([
      ['pixel_mean', 'wasserstein'],
      ['pixel_std', 'wasserstein'],
      ['ink_fraction', 'wasserstein'],
      ['pixel_intensity', 'psi'],
    ]);
    expect(report.prediction).toMatchObject({
      column: 'prediction',
      method: 'jensenshannon',
      drifted: false,
    });
    expect(report.columns.filter((c: { drifted: boolean }) => c.drifted)).toEqual([]);
  });

  it('raises the alert for inverted digits, records it and sends it to the webhook', async () => {
    await send('digits-inverted', HELD_OUT + CALLS, (v) => 255 - v);
    const report = await check('digits-inverted');
    expect(report.drifted).toBe(true);
    // Inverting keeps each image's spread (std of 255 − x is that of x): three of four drift.
    expect(
      report.columns
        .filter((c: { drifted: boolean }) => c.drifted)
        .map((c: { column: string }) => c.column),
    ).toEqual(['pixel_mean', 'ink_fraction', 'pixel_intensity']);
    expect(report.share).toBe(0.75);
    expect(report.prediction.drifted).toBe(true);
    expect(report.alertId).toMatch(/^alr_/);
    const alerts = (
      await app.inject({
        url: '/api/v1/alerts?kind=drift',
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
      })
    ).json();
    expect(alerts[0]).toMatchObject({
      id: report.alertId,
      endpoint: 'digits-inverted',
      version: 1,
    });
    expect(alerts[0].webhook.status).toBe('sent');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ kind: 'drift', endpoint: 'digits-inverted' });
    // Checked again within the hour: the same alert, not a second one.
    expect((await check('digits-inverted')).alertId).toBe(report.alertId);
    expect(received).toHaveLength(1);
  });

  it('raises the alert for noised digits', async () => {
    const rng = createRng(7);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    await send('digits-noised', HELD_OUT + 2 * CALLS, (v) =>
      Math.max(0, Math.min(255, Math.round(v + 70 * gaussian()))),
    );
    const report = await check('digits-noised');
    expect(report.drifted).toBe(true);
    expect(
      report.columns.find((c: { column: string }) => c.column === 'pixel_intensity').drifted,
    ).toBe(true);
    expect(received.map((r) => r.endpoint)).toEqual(['digits-inverted', 'digits-noised']);
  });

  it('says when the window is too small to judge', async () => {
    await deploy(ctx, { name: 'digits-quiet', model: 'digits-mlp', version: 1 });
    const res = await app.inject({
      url: '/api/v1/endpoints/digits-quiet/drift',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
    expect(res.json()).toMatchObject({ enough: false, drifted: false, columns: [] });
    expect(res.json().message).toContain('only 0 logged calls');
  });
});

describe('drift of texts: tokens and out-of-vocabulary rate', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;

  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'mail', syntheticSpam(500, 3), {
      testFraction: 0.2,
      seed: 3,
      source: 'test',
    });
    const job = await startTraining(ctx, {
      dataset: 'mail',
      model: 'text-gru',
      modelName: 'mail-gru',
      epochs: 1,
      learningRate: 0.02,
      options: { embedDim: 8, units: 8 },
      text: { sequenceLength: 12 },
    });
    expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    await deploy(ctx, { name: 'mail', model: 'mail-gru', version: 1 });
    await deploy(ctx, { name: 'mail-new', model: 'mail-gru', version: 1 });
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it('finds no drift in texts like the training ones, and drift in texts of unknown words', async () => {
    for (const text of syntheticSpam(250, 99).texts) {
      await predict(ctx, 'mail', { kind: 'inputs', inputs: [text] }, OWNER);
    }
    const rng = createRng(5);
    const word = () => `w${Math.floor(rng() * 5000)}`;
    for (let i = 0; i < 250; i++) {
      const text = Array.from({ length: 6 }, word).join(' ');
      await predict(ctx, 'mail-new', { kind: 'inputs', inputs: [text] }, OWNER);
    }
    const { driftReport } = await import('./drift.service.ts');
    const same = await driftReport(ctx, 'mail', { window: 250 });
    expect(same.kind).toBe('text');
    expect(same.columns.map((c) => c.column)).toEqual(['tokens', 'oov_rate', 'token']);
    expect(same.drifted).toBe(false);
    const unknown = await driftReport(ctx, 'mail-new', { window: 250 });
    expect(unknown.drifted).toBe(true);
    const byName = Object.fromEntries(unknown.columns.map((c) => [c.column, c]));
    expect(byName.oov_rate!.drifted).toBe(true);
    expect(byName.token!.drifted).toBe(true);
  });
});
