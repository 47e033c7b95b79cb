// The platform's CNN trained for a few Adam steps gives the same losses on 'qudao-cpu' as on
// the stock 'cpu' backend.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createCnn, randomBatch } from './cnn.ts';
import { fallbackCounts } from './index.ts';
import { nativeReady, skipReason } from './test-utils.ts';

if (!nativeReady) console.warn(`[@qudao/kernels] training test skipped: ${skipReason}`);

async function losses(backend: string, steps: number, batch: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = createCnn({ seed: 7, learningRate: 0.01 });
  const out: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { xs, ys } = randomBatch(batch, 100 + step);
    const x = tf.tensor4d(xs, [batch, 28, 28, 1]);
    const y = tf.tensor2d(ys, [batch, 10]);
    out.push(Number(await model.trainOnBatch(x, y)));
    tf.dispose([x, y]);
  }
  model.dispose();
  return out;
}

describe.skipIf(!nativeReady)('training the CNN on qudao-cpu', () => {
  it('follows the stock cpu loss trajectory', async () => {
    fallbackCounts.clear();
    const ours = await losses('qudao-cpu', 3, 4);
    const native = new Map(fallbackCounts);
    const ref = await losses('cpu', 3, 4);
    expect(native.size, `fell back to JS: ${[...native.keys()]}`).toBe(0);
    for (let i = 0; i < ref.length; i++) {
      expect(Number.isFinite(ours[i])).toBe(true);
      expect(Math.abs(ours[i] - ref[i]) / Math.abs(ref[i]), `step ${i}`).toBeLessThan(1e-3);
    }
  });
});
