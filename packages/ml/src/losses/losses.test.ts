import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSS_NAMES, type LossName } from '../names.ts';
import { initBackend } from '../runtime/backend.ts';
import { checkGradient } from '../testing/gradient-check.ts';
import { lossMismatch, perExampleLoss } from './losses.ts';

/** yTrue in each loss's encoding and a raw input whose head activation makes yPred. */
const cases: Record<LossName, { yTrue: tf.Tensor; head: (z: tf.Tensor) => tf.Tensor }> = {
  categoricalCrossentropy: {
    yTrue: tf.tensor2d([
      [1, 0, 0],
      [0, 0, 1],
    ]),
    head: (z) => tf.softmax(z),
  },
  sparseCategoricalCrossentropy: { yTrue: tf.tensor1d([0, 2]), head: (z) => tf.softmax(z) },
  binaryCrossentropy: {
    yTrue: tf.tensor1d([1, 0]),
    head: (z) => tf.sigmoid(z.slice([0, 0], [2, 1])),
  },
  meanSquaredError: {
    yTrue: tf.tensor2d([
      [0.5, -1, 2],
      [1, 0, 0],
    ]),
    head: (z) => z,
  },
  meanAbsoluteError: {
    yTrue: tf.tensor2d([
      [0.5, -1, 2],
      [1, 0, 0],
    ]),
    head: (z) => z,
  },
  huber: {
    yTrue: tf.tensor2d([
      [0.5, -1, 2],
      [1, 0, 0],
    ]),
    head: (z) => z,
  },
};

describe('losses', () => {
  beforeAll(() => initBackend());

  it('compute the textbook values', () => {
    const p = tf.tensor2d([
      [0.7, 0.2, 0.1],
      [0.1, 0.3, 0.6],
    ]);
    const ce = perExampleLoss(
      'categoricalCrossentropy',
      tf.tensor2d([
        [1, 0, 0],
        [0, 0, 1],
      ]),
      p,
    ).arraySync();
    expect(ce[0]).toBeCloseTo(-Math.log(0.7), 5);
    expect(ce[1]).toBeCloseTo(-Math.log(0.6), 5);
    expect(
      perExampleLoss('sparseCategoricalCrossentropy', tf.tensor1d([0, 2]), p).arraySync(),
    ).toEqual(ce);
    const bce = perExampleLoss(
      'binaryCrossentropy',
      tf.tensor1d([1, 0]),
      tf.tensor2d([[0.8], [0.3]]),
    ).arraySync();
    expect(bce[0]).toBeCloseTo(-Math.log(0.8), 5);
    expect(bce[1]).toBeCloseTo(-Math.log(0.7), 5);
    const y = tf.tensor2d([[0], [0]]);
    const pred = tf.tensor2d([[0.5], [3]]);
    expect(perExampleLoss('meanSquaredError', y, pred).arraySync()).toEqual([0.25, 9]);
    expect(perExampleLoss('meanAbsoluteError', y, pred).arraySync()).toEqual([0.5, 3]);
    expect(perExampleLoss('huber', y, pred).arraySync()).toEqual([0.125, 2.5]);
  });

  it.each(LOSS_NAMES)('%s has analytic gradients that match finite differences', (name) => {
    const { yTrue, head } = cases[name];
    const z = tf.tensor2d([
      [0.3, -0.8, 1.1],
      [-0.4, 0.9, 0.2],
    ]);
    const f = (input: tf.Tensor) => tf.sum(perExampleLoss(name, yTrue, head(input))) as tf.Scalar;
    expect(checkGradient(f, z, { eps: 1e-3 }).worst).toBeLessThan(1);
  });

  it('refuses a loss that does not fit the labels, with a sentence that says what to use', () => {
    const classes = { task: 'classification' as const, classes: 3 };
    expect(lossMismatch('meanSquaredError', classes)).toMatch(/treats the classes as numbers/);
    expect(lossMismatch('meanSquaredError', { ...classes, encoding: 'one-hot' })).toBeNull();
    expect(
      lossMismatch('sparseCategoricalCrossentropy', { ...classes, encoding: 'one-hot' }),
    ).toMatch(/use categoricalCrossentropy/);
    expect(lossMismatch('categoricalCrossentropy', { ...classes, encoding: 'index' })).toMatch(
      /sparseCategorical/,
    );
    expect(lossMismatch('binaryCrossentropy', classes)).toMatch(/exactly 2 classes/);
    expect(
      lossMismatch('sparseCategoricalCrossentropy', { task: 'regression', classes: 0 }),
    ).toMatch(/continuous target/);
    expect(lossMismatch('huber', { task: 'regression', classes: 0 })).toBeNull();
  });
});

describe('activations', () => {
  it.each(['relu', 'sigmoid', 'tanh', 'gelu', 'softmax'] as const)(
    '%s has analytic gradients that match finite differences',
    (activation) => {
      const layer = tf.layers.activation({ activation });
      // Entries stay away from 0, where relu has no derivative.
      const x = tf.tensor2d([
        [0.31, -0.82, 1.13, -1.5],
        [-0.44, 0.95, 0.27, 2.1],
      ]);
      const projection = tf.tensor2d([
        [0.3, -1, 0.5, 2],
        [1, 0.2, -0.7, 0.4],
      ]);
      const f = (input: tf.Tensor) =>
        tf.sum(tf.mul(layer.apply(input) as tf.Tensor, projection)) as tf.Scalar;
      expect(checkGradient(f, x, { eps: 1e-3 }).worst).toBeLessThan(1);
    },
  );
});
