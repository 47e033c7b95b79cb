import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCnn } from '../models/cnn.ts';
import { initBackend } from './backend.ts';
import { inferOnce } from './infer.ts';

describe('inferOnce', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('gives what predict gives, for one image and for a batch', () => {
    const model = createCnn({ inputShape: [28, 28, 1], classes: 10, seed: 3 });
    for (const n of [1, 5]) {
      const x = tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', n);
      const expected = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
      const actual = tf.tidy(() => inferOnce(model, x).dataSync());
      expect(actual.length).toBe(expected.length);
      for (const [i, v] of actual.entries()) expect(v).toBeCloseTo(expected[i]!, 6);
    }
  });

  it('leaves no tensor behind inside tf.tidy', () => {
    const model = createCnn({ inputShape: [28, 28, 1], classes: 10, seed: 4 });
    const x = tf.zeros([1, 28, 28, 1]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      inferOnce(model, x).dataSync();
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
