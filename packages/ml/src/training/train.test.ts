import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../artifacts/artifacts.ts';
import type { ImageDataset } from '../data/image-dataset.ts';
import { evaluateClassifier } from '../metrics/classification.ts';
import { initBackend } from '../runtime/backend.ts';
import { TrainingCancelledError, trainImageClassifier } from './train.ts';

/** Two classes that a tiny model separates easily: bright top half versus bright bottom half. */
function toyDataset(n: number, seed: number): ImageDataset {
  const images = new Uint8Array(n * 8 * 8);
  const labels = new Uint16Array(n);
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    labels[i] = label;
    for (let p = 0; p < 64; p++) {
      const top = p < 32;
      const bright = label === 0 ? top : !top;
      images[i * 64 + p] = Math.round((bright ? 180 : 20) + rnd() * 60);
    }
  }
  return { images, labels, shape: [8, 8, 1], classes: ['top', 'bottom'] };
}

function tinyModel(seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [8, 8, 1] }));
  model.add(
    tf.layers.dense({
      units: 8,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 2,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  model.compile({
    optimizer: tf.train.adam(0.05),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

describe('trainImageClassifier', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-ml-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('learns a separable toy problem and reports progress per batch and epoch', async () => {
    const model = tinyModel(7);
    const batches: number[] = [];
    const epochs: number[] = [];
    const result = await trainImageClassifier(model, toyDataset(200, 1), {
      epochs: 3,
      batchSize: 32,
      seed: 1,
      onBatch: (p) => batches.push(p.batch),
      onEpoch: (e) => epochs.push(e.epoch),
    });
    expect(epochs).toEqual([1, 2, 3]);
    expect(batches.length).toBe(3 * 7);
    expect(result.history[2]!.loss).toBeLessThan(result.history[0]!.loss);
    const report = await evaluateClassifier(model, toyDataset(100, 2));
    expect(report.accuracy).toBeGreaterThan(0.95);
    expect(report.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('reproduces the same losses with the same seed', async () => {
    const run = async () =>
      (
        await trainImageClassifier(tinyModel(3), toyDataset(100, 1), {
          epochs: 2,
          batchSize: 25,
          seed: 9,
        })
      ).history.map((h) => h.loss);
    expect(await run()).toEqual(await run());
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const promise = trainImageClassifier(tinyModel(1), toyDataset(200, 1), {
      epochs: 50,
      batchSize: 10,
      seed: 1,
      signal: controller.signal,
      onBatch: (p) => p.batch === 3 && controller.abort(),
    });
    await expect(promise).rejects.toBeInstanceOf(TrainingCancelledError);
  });

  it('saves and loads the model with identical predictions', async () => {
    const model = tinyModel(5);
    const saved = await saveModel(model, path.join(dir, 'm1'));
    expect(saved.hash).toMatch(/^[0-9a-f]{64}$/);
    const loaded = await loadModel(path.join(dir, 'm1'));
    const x = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 1);
    const a = await (model.predict(x) as tf.Tensor).data();
    const b = await (loaded.predict(x) as tf.Tensor).data();
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
