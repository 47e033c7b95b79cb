// The platform's CNN trained for a few Adam steps gives the same losses on 'qudao-cpu' as on
// the stock 'cpu' backend.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createCnn, randomBatch } from './cnn.ts';
import { fallbackCounts } from './index.ts';
import { describeNative } from './test-utils.ts';

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

describeNative('training the CNN on qudao-cpu', () => {
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

/** A small LSTM and an MLP with mixed activations: the other model templates' kernel mix. */
async function otherLosses(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const lstm = tf.sequential({
    layers: [
      tf.layers.lstm({
        inputShape: [6, 3],
        units: 5,
        kernelInitializer: init(1),
        recurrentInitializer: init(2),
      }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  const mlp = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [7],
        units: 16,
        activation: 'tanh',
        kernelInitializer: init(4),
      }),
      tf.layers.dense({ units: 8, activation: 'sigmoid', kernelInitializer: init(5) }),
      tf.layers.dense({ units: 1, kernelInitializer: init(6) }),
    ],
  });
  lstm.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  mlp.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
  const out: number[] = [];
  const { xs } = randomBatch(8, 5);
  const seq = tf.tensor3d(xs.slice(0, 8 * 18), [8, 6, 3]);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat();
  const flat = tf.tensor2d(xs.slice(0, 8 * 7), [8, 7]);
  const target = tf.tensor2d(xs.slice(100, 108), [8, 1]);
  for (let step = 0; step < 3; step++) {
    out.push(Number(await lstm.trainOnBatch(seq, labels)));
    out.push(Number(await mlp.trainOnBatch(flat, target)));
  }
  tf.dispose([seq, labels, flat, target]);
  lstm.dispose();
  mlp.dispose();
  return out;
}

describeNative('training other templates on qudao-cpu', () => {
  it('LSTM and MLP follow the stock cpu losses', async () => {
    const ours = await otherLosses('qudao-cpu');
    const ref = await otherLosses('cpu');
    for (let i = 0; i < ref.length; i++) {
      expect(Math.abs(ours[i] - ref[i]) / Math.abs(ref[i]), `loss ${i}`).toBeLessThan(1e-3);
    }
  });
});
