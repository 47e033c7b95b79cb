import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/backend.ts';
import { checkGradient, checkLayerWeightGradients } from '../testing/gradient-check.ts';
import { embeddingLookup } from './embedding-lookup.ts';
import { LayerNormalization } from './layer-normalization.ts';
import { MaskedMeanPooling } from './masked-mean-pooling.ts';
import { MultiHeadSelfAttention } from './multi-head-attention.ts';
import { SeededDropout } from './seeded-dropout.ts';
import { TokenAndPositionEmbedding } from './token-position-embedding.ts';

const ids = () =>
  tf.tensor2d(
    [
      [3, 5, 2, 0],
      [7, 1, 0, 0],
    ],
    [2, 4],
    'int32',
  );

describe('MultiHeadSelfAttention', () => {
  beforeAll(() => initBackend());

  it('keeps the input shape and ignores padded keys', () => {
    const layer = new MultiHeadSelfAttention({ numHeads: 2, seed: 1 });
    const x = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 3) as tf.Tensor3D;
    const out = layer.apply([x, ids()]) as tf.Tensor;
    expect(out.shape).toEqual([2, 4, 8]);
    // Changing a padded position's input must not change any real position's output.
    const changed = x.arraySync();
    changed[0]![3] = changed[0]![3]!.map((v) => v + 5);
    const out2 = layer.apply([tf.tensor3d(changed), ids()]) as tf.Tensor;
    const a = out.slice([0, 0, 0], [1, 3, 8]).arraySync();
    const b = out2.slice([0, 0, 0], [1, 3, 8]).arraySync();
    expect(b).toEqual(a);
  });

  it('has analytic gradients that match finite differences (input and every weight)', () => {
    const layer = new MultiHeadSelfAttention({ numHeads: 2, seed: 5 });
    const x = tf.randomNormal([2, 4, 6], 0, 0.5, 'float32', 11);
    const projection = tf.randomNormal([2, 4, 6], 0, 1, 'float32', 12);
    const f = (input: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply([input, ids()]) as tf.Tensor, projection)) as tf.Scalar;
    expect(checkGradient(f, x).worst).toBeLessThan(1);
    const perWeight = checkLayerWeightGradients(layer, () => f(x));
    expect(Object.keys(perWeight)).toHaveLength(8);
    for (const [name, result] of Object.entries(perWeight)) {
      expect(result.worst, name).toBeLessThan(1);
    }
  });

  it('catches a wrong gradient (the check is not vacuous)', () => {
    const wrong = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([x]);
      return { value: tf.sum(tf.square(x)), gradFunc: (dy, [saved]) => tf.mul(dy, saved!) };
    }) as (x: tf.Tensor) => tf.Scalar;
    expect(checkGradient(wrong, tf.tensor1d([0.5, -1, 2])).worst).toBeGreaterThan(1);
  });

  it('refuses a width that does not divide into the heads', () => {
    const layer = new MultiHeadSelfAttention({ numHeads: 4 });
    expect(() => layer.apply(tf.zeros([1, 2, 6]))).toThrow(/does not divide into 4 heads/);
  });

  it('round-trips through getConfig', () => {
    const layer = new MultiHeadSelfAttention({ numHeads: 3, keyDim: 5, dropout: 0.1, seed: 9 });
    const copy = MultiHeadSelfAttention.fromConfig(MultiHeadSelfAttention, layer.getConfig());
    expect(copy.getConfig()).toEqual(layer.getConfig());
  });
});

describe('TokenAndPositionEmbedding and MaskedMeanPooling', () => {
  it('embeds ids and pools only real tokens', () => {
    const embed = new TokenAndPositionEmbedding({
      vocabularySize: 10,
      sequenceLength: 4,
      embedDim: 3,
    });
    const h = embed.apply(ids()) as tf.Tensor;
    expect(h.shape).toEqual([2, 4, 3]);
    const pooled = new MaskedMeanPooling().apply([h, ids()]) as tf.Tensor;
    const expected = h.slice([1, 0, 0], [1, 2, 3]).mean(1).arraySync() as number[][];
    const got = pooled.slice([1, 0], [1, 3]).arraySync() as number[][];
    expect(got[0]![0]).toBeCloseTo(expected[0]![0]!, 5);
  });

  it('has embedding gradients that match finite differences', () => {
    const embed = new TokenAndPositionEmbedding({
      vocabularySize: 10,
      sequenceLength: 4,
      embedDim: 3,
      seed: 2,
    });
    const projection = tf.randomNormal([2, 3], 0, 1, 'float32', 4);
    const pool = new MaskedMeanPooling();
    const f = () =>
      tf.sum(
        tf.mul(pool.apply([embed.apply(ids()) as tf.Tensor, ids()]) as tf.Tensor, projection),
      ) as tf.Scalar;
    f();
    for (const result of Object.values(checkLayerWeightGradients(embed, f))) {
      expect(result.worst).toBeLessThan(1);
    }
  });
});

describe('embeddingLookup', () => {
  it('matches tf.gather and has the gradient of gather (repeated ids add up)', () => {
    const table = tf.randomNormal([6, 3], 0, 1, 'float32', 8);
    const rows = tf.tensor2d(
      [
        [1, 4, 4],
        [0, 5, 1],
      ],
      [2, 3],
      'int32',
    );
    expect(embeddingLookup(table, rows).arraySync()).toEqual(tf.gather(table, rows).arraySync());
    const projection = tf.randomNormal([2, 3, 3], 0, 1, 'float32', 9);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t, rows), projection)) as tf.Scalar;
    const g = (t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, rows), projection)) as tf.Scalar;
    expect(tf.grad(f)(table).arraySync()).toEqual(tf.grad(g)(table).arraySync());
    expect(checkGradient(f, table).worst).toBeLessThan(1);
  });
});

describe('LayerNormalization', () => {
  it('matches tf.layers.layerNormalization and has gradients that match finite differences', () => {
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 21);
    const ours = new LayerNormalization({ epsilon: 1e-3 });
    const stock = tf.layers.layerNormalization({ epsilon: 1e-3 });
    const a = (ours.apply(x) as tf.Tensor).dataSync();
    const b = (stock.apply(x) as tf.Tensor).dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 4);
    const projection = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 22);
    const f = (input: tf.Tensor) =>
      tf.sum(tf.mul(ours.apply(input) as tf.Tensor, projection)) as tf.Scalar;
    expect(checkGradient(f, x, { eps: 1e-3 }).worst).toBeLessThan(1);
    for (const result of Object.values(checkLayerWeightGradients(ours, () => f(x)))) {
      expect(result.worst).toBeLessThan(1);
    }
  });
});

describe('SeededDropout', () => {
  it('reproduces masks from the seed, varies them per step, and is identity at inference', () => {
    const run = () => {
      const layer = new SeededDropout({ rate: 0.5, seed: 3 });
      const x = tf.ones([100]);
      return [layer.apply(x, { training: true }), layer.apply(x, { training: true })].map((t) =>
        Array.from((t as tf.Tensor).dataSync()),
      );
    };
    const [a1, a2] = run();
    const [b1] = run();
    expect(a1).toEqual(b1);
    expect(a1).not.toEqual(a2);
    expect(new Set(a1)).toEqual(new Set([0, 2]));
    const layer = new SeededDropout({ rate: 0.5 });
    expect(Array.from((layer.apply(tf.ones([5])) as tf.Tensor).dataSync())).toEqual([
      1, 1, 1, 1, 1,
    ]);
  });
});
