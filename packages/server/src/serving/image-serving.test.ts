import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CIFAR10_CLASSES, createRng, encodeCifar10 } from '@qudao/ml';
import { encode } from 'fast-png';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset, importLoadedDataset } from '../data/data.service.ts';
import { digitRows, writeMnistSubset } from '../demo/mnist-subset.ts';
import { buildServer } from '../http/server.ts';
import { createTestContext } from '../testing/index.ts';
import { startTraining } from '../training/training.service.ts';
import { deploy } from './serving.service.ts';

/** One clear colour per CIFAR-10 class (red, green, blue, …, white, black, grey, orange). */
const COLOURS = [
  [220, 40, 40],
  [40, 200, 40],
  [40, 40, 220],
  [230, 230, 40],
  [40, 220, 220],
  [220, 40, 220],
  [240, 240, 240],
  [20, 20, 20],
  [128, 128, 128],
  [240, 140, 20],
] as const;

/** A 32x32 RGB image of class `k`'s colour with per-pixel noise, interleaved (HWC). */
function colourImage(k: number, random: () => number): Uint8Array {
  const out = new Uint8Array(32 * 32 * 3);
  for (let p = 0; p < 1024; p++) {
    for (let c = 0; c < 3; c++) {
      const v = COLOURS[k]![c]! + Math.round((random() - 0.5) * 40);
      out[p * 3 + c] = Math.max(0, Math.min(255, v));
    }
  }
  return out;
}

/** Rows of `[r, g, b]` pixels: the JSON form of a colour image. */
function jsonRows(pixels: Uint8Array, height: number, width: number, channels: number) {
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) =>
      Array.from(pixels.subarray((y * width + x) * channels, (y * width + x + 1) * channels)),
    ),
  );
}

describe('serving image models as they were trained', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let mnist: Uint8Array;
  let mnistLabels: Uint16Array;

  const train = async (input: Parameters<typeof startTraining>[1]) => {
    const job = await startTraining(ctx, input);
    const done = await ctx.jobs.waitFor(job.id);
    expect(done.error).toBeNull();
  };
  const predict = (endpoint: string, body: Uint8Array | object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/endpoints/${endpoint}/predict`,
      headers: {
        authorization: `Bearer ${ctx.ownerToken}`,
        'content-type': body instanceof Uint8Array ? 'image/png' : 'application/json',
      },
      payload: body instanceof Uint8Array ? Buffer.from(body) : body,
    });
  const signature = async (model: string) =>
    (
      await app.inject({
        url: `/api/v1/models/${model}/versions/1`,
        headers: { authorization: `Bearer ${ctx.ownerToken}` },
      })
    ).json().signature;

  beforeAll(async () => {
    ctx = await createTestContext();
    // CIFAR-10-shaped colour images, written as a CIFAR-10 binary batch and imported as one.
    const random = createRng(7);
    const count = 200;
    const images = new Uint8Array(count * 3072);
    const labels = Uint16Array.from({ length: count }, (_, i) => i % 10);
    for (let r = 0; r < count; r++) images.set(colourImage(labels[r]!, random), r * 3072);
    const batch = path.join(ctx.paths.tmp, 'colours.bin');
    await writeFile(batch, encodeCifar10({ images, labels }));
    await importDataset(ctx, { name: 'colours', cifar: batch, testFraction: 0.2 });
    await train({
      dataset: 'colours',
      model: 'cnn',
      modelName: 'colours-cnn',
      epochs: 3,
      batchSize: 16,
      learningRate: 0.003,
    });
    await deploy(ctx, { name: 'colours', model: 'colours-cnn', version: 1 });

    // Grayscale, not MNIST: plain dark and plain light pictures (light ones have light borders).
    const paper = new Uint8Array(80 * 256);
    const paperLabels = Uint16Array.from({ length: 80 }, (_, i) => i % 2);
    for (let i = 0; i < paper.length; i++) {
      const light = paperLabels[Math.floor(i / 256)] === 1;
      paper[i] = (light ? 215 : 30) + Math.round((random() - 0.5) * 20);
    }
    await importLoadedDataset(
      ctx,
      'paper',
      {
        kind: 'image',
        images: paper,
        labels: paperLabels,
        shape: [16, 16, 1],
        classes: ['dark', 'light'],
      },
      { testFraction: 0.25, seed: 1, source: 'test' },
    );
    await train({
      dataset: 'paper',
      model: 'mlp',
      modelName: 'paper-mlp',
      epochs: 30,
      batchSize: 8,
      learningRate: 0.01,
    });
    await deploy(ctx, { name: 'paper', model: 'paper-mlp', version: 1 });

    // The MNIST demo's path: light digits on black, served drawings dark on white paper.
    const files = await writeMnistSubset(ctx.paths.tmp, 1000);
    mnist = files.mnist.images;
    mnistLabels = files.mnist.labels;
    await importDataset(ctx, { name: 'digits', idx: files });
    await train({ dataset: 'digits', model: 'mlp', epochs: 4, batchSize: 32 });
    await deploy(ctx, { name: 'digits', model: 'digits-mlp', version: 1 });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('predicts a colour (CIFAR-10-shaped) model from RGB PNGs and from JSON rows', async () => {
    const random = createRng(99);
    let right = 0;
    for (let k = 0; k < 10; k++) {
      const pixels = colourImage(k, random);
      const png = encode({ width: 32, height: 32, data: pixels, channels: 3, depth: 8 });
      const fromPng = await predict('colours', png);
      expect(fromPng.statusCode, fromPng.body).toBe(200);
      const fromJson = await predict('colours', { image: jsonRows(pixels, 32, 32, 3) });
      expect(fromJson.statusCode, fromJson.body).toBe(200);
      expect(fromJson.json().label).toBe(fromPng.json().label);
      expect(fromPng.json().probabilities).toHaveLength(10);
      if (fromPng.json().label === CIFAR10_CLASSES[k]) right++;
    }
    expect(right).toBeGreaterThanOrEqual(9);
    expect(await signature('colours-cnn')).toMatchObject({
      inputShape: [32, 32, 3],
      image: { height: 32, width: 32, channels: 3, scale: 1 / 255, invertLightBackground: false },
    });
  });

  it('does not invert a light-bordered PNG for a model not trained on light-on-dark images', async () => {
    const light = encode({
      width: 16,
      height: 16,
      data: new Uint8Array(256).fill(225),
      channels: 1,
      depth: 8,
    });
    const answer = await predict('paper', light);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().label).toBe('light');
    const dark = encode({
      width: 16,
      height: 16,
      data: new Uint8Array(256).fill(25),
      channels: 1,
      depth: 8,
    });
    expect((await predict('paper', dark)).json().label).toBe('dark');
    expect((await signature('paper-mlp')).image).toMatchObject({ invertLightBackground: false });
  });

  it('records the MNIST preprocessing (invert drawings on light paper) and still reads the demo digits', async () => {
    expect((await signature('digits-mlp')).image).toEqual({
      height: 28,
      width: 28,
      channels: 1,
      scale: 1 / 255,
      invertLightBackground: true,
    });
    let right = 0;
    for (let index = 990; index < 1000; index++) {
      const rows = digitRows(mnist, index);
      const drawn = Uint8Array.from(rows.flat(), (v) => 255 - v); // dark ink on white paper
      const fromPng = await predict(
        'digits',
        encode({ width: 28, height: 28, data: drawn, channels: 1, depth: 8 }),
      );
      const fromJson = await predict('digits', { image: rows });
      expect(fromPng.json().label).toBe(fromJson.json().label);
      if (fromPng.json().label === String(mnistLabels[index])) right++;
      // The log keeps what the model saw (the worker's decode, inverted back to MNIST's light
      // ink): the digit's own pixels, for both forms of the call.
      await ctx.monitoring.log.flush();
      for (const answer of [fromPng, fromJson]) {
        const row = await ctx.db
          .selectFrom('prediction_log')
          .select(['input_kind', 'input'])
          .where('id', '=', answer.json().predictionId)
          .executeTakeFirstOrThrow();
        expect(row.input_kind).toBe('image');
        expect(Array.from(Buffer.from(row.input!, 'base64'))).toEqual(rows.flat());
      }
    }
    expect(right).toBeGreaterThanOrEqual(7);
  });
});
