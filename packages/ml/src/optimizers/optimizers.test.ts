import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../names.ts';
import { initBackend } from '../runtime/backend.ts';
import {
  AdamWOptimizer,
  createOptimizer,
  optimizerMismatch,
  setLearningRate,
} from './optimizers.ts';
import { learningRateAt } from './schedules.ts';

describe('optimizers', () => {
  beforeAll(() => initBackend());

  it.each(OPTIMIZER_NAMES)('%s minimises a quadratic', (name) => {
    const w = tf.variable(tf.tensor1d([3, -2]));
    const optimizer = createOptimizer({
      name,
      learningRate: 0.1,
      momentum: name === 'sgd' ? 0.9 : undefined,
      nesterov: true,
    });
    for (let i = 0; i < 200; i++) optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    expect(Math.max(...Array.from(w.dataSync()).map(Math.abs))).toBeLessThan(0.1);
  });

  it('AdamW decays weights apart from the gradient', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const adamw = new AdamWOptimizer(0.1, 0.9, 0.999, 0.5);
    // Zero gradient: Adam moves nothing, the decay alone shrinks w by lr·wd = 5%.
    adamw.applyGradients({ [w.name]: tf.variable(tf.tensor1d([0])) });
    expect(w.dataSync()[0]).toBeCloseTo(0.95, 5);
  });

  it('changes the learning rate of a live optimizer', () => {
    for (const name of OPTIMIZER_NAMES) {
      const w = tf.variable(tf.tensor1d([1]));
      const optimizer = createOptimizer({ name: name, learningRate: 0.1 });
      setLearningRate(optimizer, 0);
      optimizer.applyGradients({ [w.name]: tf.variable(tf.tensor1d([1])) });
      expect(w.dataSync()[0], name).toBeCloseTo(1, 6);
    }
  });

  it('refuses NaN and other impossible settings', () => {
    expect(optimizerMismatch({ name: 'adam', learningRate: Number.NaN })).toMatch(
      /finite number above 0; got NaN/,
    );
    expect(optimizerMismatch({ name: 'sgd', learningRate: 0.1, momentum: 1.5 })).toMatch(
      /momentum must be in/,
    );
    expect(optimizerMismatch({ name: 'adagrad' as 'adam', learningRate: 0.1 })).toMatch(
      /unknown optimizer/,
    );
    expect(optimizerMismatch({ name: 'adamw', learningRate: 0.1 })).toBeNull();
  });
});

describe('learning-rate schedules', () => {
  it('step, cosine and warm-up follow their formulas', () => {
    expect(learningRateAt(1, undefined, 5, 10)).toBe(1);
    expect(learningRateAt(1, { type: 'step', stepEpochs: 2, gamma: 0.5 }, 4.5, 10)).toBe(0.25);
    expect(learningRateAt(1, { type: 'cosine' }, 0, 10)).toBe(1);
    expect(learningRateAt(1, { type: 'cosine' }, 5, 10)).toBeCloseTo(0.5, 10);
    expect(learningRateAt(1, { type: 'cosine', minLearningRate: 0.1 }, 10, 10)).toBeCloseTo(
      0.1,
      10,
    );
    expect(learningRateAt(1, { type: 'constant', warmupEpochs: 2 }, 1, 10)).toBe(0.5);
    expect(learningRateAt(1, { type: 'cosine', warmupEpochs: 2 }, 2, 10)).toBe(1);
  });
});
