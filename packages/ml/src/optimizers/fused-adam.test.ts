// FusedAdamOptimizer on 'qudao-cpu' (native in-place step) against tf.train.adam on 'cpu'.
import { describeNative } from '@qudao/kernels/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { FusedAdamOptimizer } from './optimizers.ts';

function values(seed: number, n: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 2 - 1;
  }
  return out;
}

const SHAPES: number[][] = [[3], [7, 5], [64, 130], [5000], [2, 3, 4, 5]];

/** tfjs types the map form as variables; any tensors work (tf's own Adam reads them). */
type Grads = Parameters<tf.AdamOptimizer['applyGradients']>[0];
const asGrads = (m: Record<string, tf.Tensor>) => m as unknown as Grads;

type Run = { weights: Float32Array[]; moments: Float32Array[] };

/** Trains the weights `steps` steps with fixed pseudo-random gradients. */
async function train(
  backend: string,
  make: () => tf.AdamOptimizer,
  steps: number,
  opts: { readBetween?: boolean; holdClone?: boolean; listForm?: boolean } = {},
): Promise<Run> {
  await tf.setBackend(backend);
  const vars = SHAPES.map((shape, k) =>
    tf.variable(
      tf.tensor(
        values(
          k + 1,
          shape.reduce((a, b) => a * b, 1),
        ),
        shape,
      ),
    ),
  );
  const held = opts.holdClone ? vars.map((v) => v.clone()) : [];
  const before = held.map((h) => Float32Array.from(h.dataSync()));
  const optimizer = make();
  for (let s = 0; s < steps; s++) {
    const grads = vars.map((v, k) => tf.tensor(values(100 * s + k + 7, v.size), v.shape));
    if (opts.listForm) {
      optimizer.applyGradients(vars.map((v, k) => ({ name: v.name, tensor: grads[k]! })));
    } else {
      const map: Record<string, tf.Tensor> = {};
      vars.forEach((v, k) => {
        map[v.name] = grads[k]!;
      });
      optimizer.applyGradients(asGrads(map));
    }
    tf.dispose(grads);
    if (opts.readBetween) for (const v of vars) v.dataSync();
  }
  // A clone taken before training still holds the old values.
  held.forEach((h, k) => {
    expect(Array.from(h.dataSync())).toEqual(Array.from(before[k]!));
  });
  const weights = vars.map((v) => Float32Array.from(v.dataSync()));
  const moments = (await optimizer.getWeights())
    .slice(1)
    .map((w) => Float32Array.from(w.tensor.dataSync()));
  optimizer.dispose();
  tf.dispose([...vars, ...held]);
  return { weights, moments };
}

function expectClose(a: Float32Array[], b: Float32Array[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, k) => {
    const y = b[k]!;
    expect(x.length).toBe(y.length);
    let max = 0;
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
    expect(max).toBeLessThan(1e-5);
  });
}

describeNative('FusedAdamOptimizer', () => {
  afterAll(() => tf.setBackend('cpu'));

  it.each([
    ['defaults', {}],
    ['reading the weights between steps', { readBetween: true }],
    ['with a clone of every weight held', { holdClone: true }],
    ['gradients as a list', { listForm: true }],
  ])('matches tf.train.adam over 6 steps (%s)', async (_, opts) => {
    const stock = await train('cpu', () => tf.train.adam(0.01, 0.9, 0.999), 6, opts);
    const fused = await train('qudao-cpu', () => new FusedAdamOptimizer(0.01, 0.9, 0.999), 6, opts);
    expectClose(fused.weights, stock.weights);
    expectClose(fused.moments, stock.moments);
  });

  it('takes the native step on qudao-cpu', async () => {
    await tf.setBackend('qudao-cpu');
    const backend = tf.backend() as unknown as { adamUpdate: (...a: unknown[]) => boolean };
    let native = 0;
    const original = backend.adamUpdate;
    backend.adamUpdate = (...a: unknown[]) => {
      const ok = original.apply(backend, a);
      if (ok) native++;
      return ok;
    };
    try {
      await train('qudao-cpu', () => new FusedAdamOptimizer(0.01, 0.9, 0.999), 2);
    } finally {
      backend.adamUpdate = original;
    }
    expect(native).toBe(2 * SHAPES.length);
  });

  it('matches with other betas and epsilon', async () => {
    const stock = await train('cpu', () => tf.train.adam(0.003, 0.8, 0.99, 1e-4), 4);
    const fused = await train('qudao-cpu', () => new FusedAdamOptimizer(0.003, 0.8, 0.99, 1e-4), 4);
    expectClose(fused.weights, stock.weights);
  });

  it('keeps the config, and weights restore into a fresh optimizer', async () => {
    await tf.setBackend('qudao-cpu');
    const a = new FusedAdamOptimizer(0.01, 0.9, 0.999);
    expect(a.getClassName()).toBe('Adam');
    expect(a.getConfig()).toEqual(tf.train.adam(0.01, 0.9, 0.999).getConfig());
    const w1 = tf.variable(tf.tensor1d(values(3, 50)));
    const w2 = tf.variable(tf.tensor1d(Array.from(w1.dataSync())));
    const grad = () => tf.tensor1d(values(9, 50));
    for (let s = 0; s < 3; s++) {
      const g = grad();
      a.applyGradients(asGrads({ [w1.name]: g }));
      g.dispose();
    }
    // Restore a's state (3 steps) into b for w2, then one more step on each: same weights.
    const saved = await a.getWeights();
    const b = new FusedAdamOptimizer(0.01, 0.9, 0.999);
    w2.assign(w1.clone());
    await b.setWeights(
      saved.map((s) => ({ name: s.name.replace(w1.name, w2.name), tensor: s.tensor.clone() })),
    );
    const g1 = grad();
    a.applyGradients(asGrads({ [w1.name]: g1 }));
    const g2 = grad();
    b.applyGradients(asGrads({ [w2.name]: g2 }));
    expectClose([Float32Array.from(w2.dataSync())], [Float32Array.from(w1.dataSync())]);
    expect(b.iterations).toBe(4);
    tf.dispose([g1, g2, w1, w2]);
    a.dispose();
    b.dispose();
  });
});
