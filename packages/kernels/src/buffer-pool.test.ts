// Output arrays are recycled only when nothing else can still read them.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { QudaoCpuBackend } from './backend.ts';
import { describeNative, randomArray } from './test-utils.ts';

const N = 64 * 1024; // above the pooling threshold

describeNative('output buffer pool', () => {
  it('never recycles an array handed out by dataSync', async () => {
    await tf.setBackend('qudao-cpu');
    const x = tf.tensor1d(randomArray(N, 1));
    const y = tf.relu(x);
    const seen = y.dataSync();
    const copy = Float32Array.from(seen);
    y.dispose();
    for (let i = 0; i < 4; i++)
      tf.tidy(() => {
        tf.neg(tf.exp(x));
      });
    expect(seen).toEqual(copy);
    x.dispose();
  });

  it('never recycles an array that a stock kernel returned a view of', async () => {
    await tf.setBackend('qudao-cpu');
    const x = tf.tensor2d(randomArray(N, 2), [N / 64, 64]);
    const y = tf.relu(x);
    const backend = tf.backend() as QudaoCpuBackend;
    const yValues = backend.data.get(y.dataId).values;
    expect(backend.pool.isOwned(yValues)).toBe(true);
    const rows = tf.slice(y, [0, 0], [4, 64]); // a contiguous slice: a subarray view of y
    expect(backend.pool.isOwned(yValues)).toBe(false);
    const expected = Float32Array.from(rows.dataSync());
    const view = tf.slice(y, [4, 0], [4, 64]);
    const viewExpected = Float32Array.from((await tf.clone(view).data()) as Float32Array);
    y.dispose();
    for (let i = 0; i < 4; i++)
      tf.tidy(() => {
        tf.neg(tf.sigmoid(x));
      });
    expect(rows.dataSync()).toEqual(expected);
    expect(view.dataSync()).toEqual(viewExpected);
    tf.dispose([x, rows, view]);
  });

  it('reuses disposed outputs without leaking tensors', async () => {
    await tf.setBackend('qudao-cpu');
    const x = tf.tensor1d(randomArray(N, 3));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++)
      tf.tidy(() => {
        tf.mul(tf.relu(x), tf.sigmoid(x));
      });
    expect(tf.memory().numTensors).toBe(before);
    const a = tf.tidy(() => tf.add(tf.relu(x), 1));
    const b = tf.tidy(() => tf.add(tf.relu(x), 1));
    expect(a.dataSync()).toEqual(b.dataSync());
    tf.dispose([x, a, b]);
  });
});
