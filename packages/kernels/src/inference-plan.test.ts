// Compiled inference against the same model run through tfjs on 'qudao-cpu'.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { createCnn, randomBatch } from './cnn.ts';
import { compileInference } from './inference-plan.ts';
import { describeNative, relativeError } from './test-utils.ts';

function expectSame(model: tf.LayersModel, x: tf.Tensor): void {
  const plan = compileInference(model);
  expect(plan).not.toBeNull();
  const expected = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync().slice());
  const y = plan!.predict(x)!;
  expect(y.shape).toEqual(
    (model.outputs[0]!.shape as number[]).map((d, i) => (i ? d : x.shape[0])),
  );
  expect(relativeError(y.dataSync() as Float32Array, expected as Float32Array)).toBeLessThan(1e-6);
  y.dispose();
}

describeNative('compileInference', () => {
  beforeAll(async () => {
    await tf.setBackend('qudao-cpu');
  });

  it('gives what predict gives for the cnn, one image and a batch', () => {
    const model = createCnn({ seed: 5 });
    for (const n of [1, 3, 64]) {
      const x = tf.tensor4d(randomBatch(n, n).xs, [n, 28, 28, 1]);
      expectSame(model, x);
      x.dispose();
    }
    model.dispose();
  });

  it('covers strides, same padding, average pooling and the other activations', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [9, 7, 3],
          filters: 5,
          kernelSize: [3, 2],
          strides: 2,
          padding: 'same',
          activation: 'sigmoid',
        }),
        tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
        tf.layers.conv2d({ filters: 4, kernelSize: 2, dilationRate: 2, useBias: false }),
        tf.layers.reLU(),
        tf.layers.flatten(),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({ units: 6, activation: 'tanh' }),
        tf.layers.dense({ units: 3 }),
        tf.layers.activation({ activation: 'softmax' }),
      ],
    });
    for (const n of [1, 4]) {
      const x = tf.randomNormal([n, 9, 7, 3], 0, 1, 'float32', n);
      expectSame(model, x);
      x.dispose();
    }
    model.dispose();
  });

  it('runs conv blocks: Winograd with and without a pool, pools with padding or overlap', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [15, 13, 4],
          filters: 8,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
        tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }),
        tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }),
        tf.layers.conv2d({ filters: 6, kernelSize: 1, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 1 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    for (const n of [1, 3]) {
      const x = tf.randomNormal([n, 15, 13, 4], 0, 1, 'float32', n);
      expectSame(model, x);
      x.dispose();
    }
    model.dispose();
  });

  it('reuses its buffers across changing batch sizes (more sizes than it keeps)', () => {
    const model = createCnn({ seed: 7 });
    const plan = compileInference(model)!;
    for (const n of [1, 3, 1, 5, 7, 9, 2, 1, 3]) {
      const x = tf.tensor4d(randomBatch(n, 10 + n).xs, [n, 28, 28, 1]);
      const expected = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync().slice());
      const y = plan.predict(x)!;
      expect(relativeError(y.dataSync() as Float32Array, expected as Float32Array)).toBeLessThan(
        1e-6,
      );
      tf.dispose([x, y]);
    }
    model.dispose();
  });

  it('runs Dense on inputs of rank 3 (a row per time step)', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [5, 3], units: 4, activation: 'relu' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const x = tf.randomNormal([3, 5, 3], 0, 1, 'float32', 8);
    expectSame(model, x);
    tf.dispose([x]);
    model.dispose();
  });

  it('reads the current weights at every call', () => {
    const model = createCnn({ seed: 6 });
    const plan = compileInference(model)!;
    const x = tf.tensor4d(randomBatch(2, 1).xs, [2, 28, 28, 1]);
    const before = plan.predict(x)!;
    model.setWeights(model.getWeights().map((w, i) => (i === 0 ? tf.mul(w, 2) : w)));
    expectSame(model, x);
    const after = plan.predict(x)!;
    expect(
      relativeError(after.dataSync() as Float32Array, before.dataSync() as Float32Array),
    ).toBeGreaterThan(1e-3);
    tf.dispose([x, before, after]);
    model.dispose();
  });

  it('declines layers it does not know and inputs that do not fit', () => {
    const bn = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 3 }), tf.layers.batchNormalization()],
    });
    expect(compileInference(bn)).toBeNull();
    const elu = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softplus' })],
    });
    expect(compileInference(elu)).toBeNull();
    const channelsFirst = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [2, 3, 4], dataFormat: 'channelsFirst' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    expect(compileInference(channelsFirst)).toBeNull();
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    const plan = compileInference(model)!;
    expect(plan.predict(tf.zeros([2, 5]))).toBeNull();
    expect(plan.predict(tf.zeros([2, 4], 'int32'))).toBeNull();
    expect(() => plan.run(new Float32Array(7), 2)).toThrow(/expected 2 inputs/);
  });
});
