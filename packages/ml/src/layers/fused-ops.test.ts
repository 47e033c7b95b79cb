// The fused Transformer-layer kernels of 'qudao-cpu' against the same maths composed from
// stock ops on 'cpu': forward values and gradients, over random shapes (odd sizes, batch 1,
// padded keys, dropout on and off), within 1e-4 relative error.
import { dropoutMask } from '@qudao/kernels';
import { compareBackends, describeNative, randomArray } from '@qudao/kernels/testing';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createRng } from '../data/random.ts';
import {
  attention,
  attentionPacked,
  dropout,
  gelu,
  hasFusedKernel,
  layerNorm,
} from './fused-ops.ts';

const TOL = 1e-4;

const tensor = (shape: number[], seed: number, lo = -2, hi = 2) =>
  tf.tensor(
    randomArray(
      shape.reduce((a, b) => a * b, 1),
      seed,
      lo,
      hi,
    ),
    shape,
  );

describeNative('fused layer ops on qudao-cpu vs stock ops on cpu', () => {
  const rnd = createRng(11);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  it('runs the fused kernels on qudao-cpu and the composition on cpu', async () => {
    const { FUSED_KERNELS } = await import('@qudao/kernels');
    await tf.setBackend('qudao-cpu');
    for (const name of Object.values(FUSED_KERNELS)) expect(hasFusedKernel(name), name).toBe(true);
    await tf.setBackend('cpu');
    expect(hasFusedKernel(FUSED_KERNELS.attention)).toBe(false);
  });

  it('layerNorm: values and the gradients of x, gamma and beta', async () => {
    for (let c = 0; c < 8; c++) {
      const shape = [pick([1, 2, 5]), pick([1, 3, 7]), pick([1, 4, 9, 64])];
      const width = shape[2]!;
      const worst = await compareBackends(() => {
        const x = tensor(shape, c * 10 + 1);
        const gamma = tensor([width], c * 10 + 2, 0.5, 1.5);
        const beta = tensor([width], c * 10 + 3);
        const dy = tensor(shape, c * 10 + 4);
        const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(layerNorm(a, g, b, 1e-6), dy));
        const grads = tf.grads(f)([x, gamma, beta]);
        return [layerNorm(x, gamma, beta, 1e-6), ...grads];
      });
      expect(worst, `shape ${shape}`).toBeLessThan(TOL);
    }
  });

  it('gelu: values and gradient', async () => {
    for (const shape of [[1], [3, 5], [2, 7, 33], [4096]]) {
      const worst = await compareBackends(() => {
        const x = tensor(shape, 5, -6, 6);
        const dy = tensor(shape, 6);
        return [gelu(x), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(gelu(a), dy)))(x)];
      });
      expect(worst, `shape ${shape}`).toBeLessThan(TOL);
    }
  });

  it('dropout: the same hashed mask on both backends, and its gradient', async () => {
    for (const [shape, rate, seed] of [
      [[1], 0.5, 1],
      [[3, 17], 0.1, 42],
      [[2, 9, 64], 0.3, 2 ** 31 + 5],
    ] as [number[], number, number][]) {
      const worst = await compareBackends(() => {
        const x = tensor(shape, 7);
        const dy = tensor(shape, 8);
        return [
          dropout(x, rate, seed),
          tf.grad((a: tf.Tensor) => tf.sum(tf.mul(dropout(a, rate, seed), dy)))(x),
        ];
      });
      expect(worst, `shape ${shape}`).toBe(0);
    }
  });

  it('attentionPacked: one [batch, time, 3·width] projection, values and its gradient', async () => {
    for (const [batch, time, heads, dim, rate] of [
      [1, 1, 1, 1, 0],
      [2, 7, 2, 3, 0.3],
      [3, 19, 4, 16, 0],
    ] as [number, number, number, number, number][]) {
      const shape = [batch, time, 3 * heads * dim];
      const worst = await compareBackends(() => {
        const qkv = tensor(shape, time * 3 + 1) as tf.Tensor3D;
        const dy = tensor([batch, time, heads * dim], time * 3 + 2);
        const mask = tf.tensor(
          Float32Array.from({ length: batch * time }, (_, i) =>
            i % time === time - 1 && time > 1 ? -1e9 : 0,
          ),
          [batch, time],
        );
        const opts = { numHeads: heads, scale: 1 / Math.sqrt(dim), rate, seed: 3 };
        const f = (a: tf.Tensor) =>
          tf.sum(tf.mul(attentionPacked(a as tf.Tensor3D, mask, opts), dy));
        return [attentionPacked(qkv, mask, opts), tf.grad(f)(qkv)];
      });
      expect(worst, `batch ${batch} time ${time} heads ${heads} dim ${dim}`).toBeLessThan(TOL);
    }
  });

  it('gives bit-identical results and gradients on one thread and on two', async () => {
    const { nativeInfo, setNativeThreads } = await import('@qudao/kernels');
    const threads = nativeInfo()!.threads;
    await tf.setBackend('qudao-cpu');
    // Large enough that every kernel splits over the pool (attention: 8 heads of 128 x 128).
    const run = () =>
      tf.tidy(() => {
        const q = tensor([2, 128, 64], 1) as tf.Tensor3D;
        const x = tensor([2, 128, 64], 2);
        const gamma = tensor([64], 3);
        const beta = tensor([64], 4);
        const mask = tf.tensor(
          Float32Array.from({ length: 2 * 128 }, (_, i) => (i % 128 > 100 ? -1e9 : 0)),
          [2, 128],
        );
        const opts = { numHeads: 4, scale: 0.25, rate: 0.1, seed: 5 };
        const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.square(attention(gelu(layerNorm(a, g, b, 1e-6)) as tf.Tensor3D, q, q, mask, opts)),
          );
        return tf
          .grads(f)([x, gamma, beta])
          .map((t) => t.dataSync().slice());
      });
    setNativeThreads(1);
    const one = run();
    setNativeThreads(Math.max(2, threads));
    const two = run();
    setNativeThreads(threads);
    for (let i = 0; i < one.length; i++) expect(two[i]).toEqual(one[i]);
  });

  it('attention edge cases: fully padded rows, one step, long sequences, int32 masks', async () => {
    const cases: [number, number, number, number, (b: number, t: number) => number][] = [
      [2, 5, 2, 4, (b) => (b === 1 ? -1e9 : 0)], // every key of the second example padded
      [3, 1, 1, 8, (b) => (b === 0 ? -1e9 : 0)], // one time step, padded in one example
      [1, 300, 1, 16, (_b, t) => (t > 280 ? -1e9 : 0)], // T > 256: packed panels, depth blocks
    ];
    for (const [batch, time, heads, dim, maskAt] of cases) {
      const shape = [batch, time, heads * dim];
      const worst = await compareBackends(() => {
        const [q, k, v] = [1, 2, 3].map((i) => tensor(shape, time + i) as tf.Tensor3D);
        const dy = tensor(shape, time + 4);
        const mask = tf.tensor(
          Float32Array.from({ length: batch * time }, (_, i) =>
            maskAt(Math.floor(i / time), i % time),
          ),
          [batch, time],
        );
        const opts = { numHeads: heads, scale: 1 / Math.sqrt(dim) };
        const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(
            tf.mul(attention(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D, mask, opts), dy),
          );
        return [attention(q!, k!, v!, mask, opts), ...tf.grads(f)([q!, k!, v!])];
      });
      expect(worst, `batch ${batch} time ${time}`).toBeLessThan(TOL);
    }
    // An int32 0/1 mask is taken as float (both backends).
    const worst = await compareBackends(() => {
      const q = tensor([1, 4, 4], 9) as tf.Tensor3D;
      return attention(q, q, q, tf.tensor2d([[0, 0, 1, 1]], [1, 4], 'int32'), {
        numHeads: 2,
        scale: 0.5,
      });
    });
    expect(worst).toBeLessThan(TOL);
  });

  it('refuses mismatched attention inputs and a mask that needs a gradient', async () => {
    await tf.setBackend('qudao-cpu');
    const q = tensor([2, 3, 4], 1) as tf.Tensor3D;
    const longer = tensor([2, 5, 4], 2) as tf.Tensor3D;
    expect(() => attention(q, longer, q, null, { numHeads: 2, scale: 1 })).toThrow(/k has shape/);
    expect(() => attention(q, q, q, tf.zeros([2, 3, 3]), { numHeads: 2, scale: 1 })).toThrow(
      /mask must be \[2, 3\]/,
    );
    const soft = tf.zeros([2, 3]);
    expect(() =>
      tf.grad((m: tf.Tensor) => tf.sum(attention(q, q, q, m, { numHeads: 2, scale: 1 })))(soft),
    ).toThrow(/do not differentiate their mask/);
    tf.dispose([q, longer, soft]);
  });

  it('dropout masks drop about `rate` of the elements and vary with the seed', () => {
    const a = dropoutMask(100_000, 0.25, 1);
    const b = dropoutMask(100_000, 0.25, 2);
    const dropped = a.filter((v) => v === 0).length / a.length;
    expect(Math.abs(dropped - 0.25)).toBeLessThan(0.01);
    let same = 0;
    for (let i = 0; i < a.length; i++) if ((a[i] === 0) === (b[i] === 0)) same++;
    // Independent masks agree on 0.75² + 0.25² = 62.5% of the elements.
    expect(Math.abs(same / a.length - 0.625)).toBeLessThan(0.01);
    expect(a.find((v) => v !== 0)).toBeCloseTo(1 / 0.75, 6);
  });

  it('attention: values and the gradients of q, k and v (padding masks, dropout, batch 1)', async () => {
    for (let c = 0; c < 10; c++) {
      const batch = pick([1, 2, 3]);
      const time = pick([1, 2, 5, 8, 19]);
      const heads = pick([1, 2, 4]);
      const dim = pick([1, 3, 8, 16]);
      const rate = pick([0, 0, 0.2]);
      const masked = rnd() < 0.6;
      const shape = [batch, time, heads * dim];
      const label = `batch ${batch} time ${time} heads ${heads} dim ${dim} rate ${rate} mask ${masked}`;
      const worst = await compareBackends(() => {
        const q = tensor(shape, c * 7 + 1) as tf.Tensor3D;
        const k = tensor(shape, c * 7 + 2) as tf.Tensor3D;
        const v = tensor(shape, c * 7 + 3) as tf.Tensor3D;
        const dy = tensor(shape, c * 7 + 4);
        const mask = masked
          ? tf.tensor(
              Float32Array.from({ length: batch * time }, (_, i) =>
                i % time >= Math.max(1, time - 2) ? -1e9 : 0,
              ),
              [batch, time],
            )
          : null;
        const opts = { numHeads: heads, scale: 1 / Math.sqrt(dim), rate, seed: 99 + c };
        const f = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
          tf.sum(
            tf.mul(attention(a as tf.Tensor3D, b as tf.Tensor3D, d as tf.Tensor3D, mask, opts), dy),
          );
        return [attention(q, k, v, mask, opts), ...tf.grads(f)([q, k, v])];
      });
      expect(worst, label).toBeLessThan(TOL);
    }
  });
});
