// Causal (decoder) attention: the fused kernel of 'qudao-cpu' against the stock composition on
// 'cpu' (values and gradients within 1e-4), finite-difference gradient checks on both, and
// proof that the kernel skips the masked upper triangle.
import { compareBackends, describeNative, randomArray } from '@qudao/kernels/testing';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { checkGradient } from '../testing/gradient-check.ts';
import { attention, attentionPacked, causalMask } from './fused-ops.ts';

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

describe('causalMask', () => {
  it('is 0 on and below the diagonal and -1e9 above', () => {
    expect(causalMask(3).arraySync()).toEqual([
      [0, -1e9, -1e9],
      [0, 0, -1e9],
      [0, 0, 0],
    ]);
  });
});

describeNative('causal attention on qudao-cpu vs the stock composition on cpu', () => {
  it('values and the gradients of q, k, v: block edges, odd sizes, dropout, padding', async () => {
    // time 1, inside one block, a block and one row, several blocks, past the GEMM depth.
    const cases: [number, number, number, number, number, boolean][] = [
      [1, 1, 1, 4, 0, false],
      [2, 7, 2, 3, 0, false],
      [1, 32, 2, 8, 0, false],
      [2, 33, 1, 16, 0.2, false],
      [1, 70, 4, 8, 0, true],
      [2, 129, 2, 16, 0.1, true],
      [1, 300, 1, 8, 0, false],
    ];
    for (const [batch, time, heads, dim, rate, padded] of cases) {
      const shape = [batch, time, heads * dim];
      const worst = await compareBackends(() => {
        const [q, k, v] = [1, 2, 3].map((i) => tensor(shape, time * 5 + i) as tf.Tensor3D);
        const dy = tensor(shape, time * 5 + 4);
        // Right padding (as the text models pad): no query has every visible key padded, where
        // the two paths would differ (the stock sum then spreads over the causal -1e9 too).
        const mask = padded
          ? tf.tensor(
              Float32Array.from({ length: batch * time }, (_, i) =>
                i % time >= time - 2 ? -1e9 : 0,
              ),
              [batch, time],
            )
          : null;
        const opts = { numHeads: heads, scale: 1 / Math.sqrt(dim), rate, seed: 7, causal: true };
        const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(
            tf.mul(attention(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D, mask, opts), dy),
          );
        return [attention(q!, k!, v!, mask, opts), ...tf.grads(f)([q!, k!, v!])];
      });
      expect(
        worst,
        `batch ${batch} time ${time} heads ${heads} dim ${dim} rate ${rate}`,
      ).toBeLessThan(TOL);
    }
  });

  it('the packed [batch, time, 3·width] form: values and gradient', async () => {
    for (const [batch, time, heads, dim, rate] of [
      [1, 5, 1, 4, 0],
      [2, 65, 4, 8, 0.3],
    ] as [number, number, number, number, number][]) {
      const worst = await compareBackends(() => {
        const qkv = tensor([batch, time, 3 * heads * dim], time + 1) as tf.Tensor3D;
        const dy = tensor([batch, time, heads * dim], time + 2);
        const opts = { numHeads: heads, scale: 1 / Math.sqrt(dim), rate, seed: 3, causal: true };
        const f = (a: tf.Tensor) =>
          tf.sum(tf.mul(attentionPacked(a as tf.Tensor3D, null, opts), dy));
        return [attentionPacked(qkv, null, opts), tf.grad(f)(qkv)];
      });
      expect(worst, `time ${time}`).toBeLessThan(TOL);
    }
  });

  it('has gradients that match finite differences on both backends', async () => {
    for (const backend of ['qudao-cpu', 'cpu']) {
      await tf.setBackend(backend);
      const [q, k, v] = [1, 2, 3].map((i) => tensor([1, 37, 8], 40 + i, -1, 1) as tf.Tensor3D);
      const dy = tensor([1, 37, 8], 44);
      const opts = { numHeads: 2, scale: 0.5, causal: true };
      const via = (which: number) => (x: tf.Tensor) => {
        const args = [q!, k!, v!];
        args[which] = x as tf.Tensor3D;
        return tf.sum(tf.mul(attention(args[0]!, args[1]!, args[2]!, null, opts), dy)) as tf.Scalar;
      };
      for (let which = 0; which < 3; which++) {
        const result = checkGradient(via(which), [q, k, v][which]!, { eps: 1e-2, samples: 40 });
        expect(result.worst, `${backend} input ${which}`).toBeLessThan(1);
      }
      tf.dispose([q!, k!, v!, dy]);
    }
  });

  it('query i never sees a later key, and the kernel never computes the masked scores', async () => {
    await tf.setBackend('qudao-cpu');
    const time = 70;
    const shape = [1, time, 8];
    const q = tensor(shape, 1) as tf.Tensor3D;
    const k = tensor(shape, 2) as tf.Tensor3D;
    const v = tensor(shape, 3) as tf.Tensor3D;
    const opts = { numHeads: 2, scale: 0.5, causal: true };
    const out = attention(q, k, v, null, opts).arraySync()[0]!;
    // Changing the last key and value leaves every earlier query's output as it was.
    const kv = k.arraySync();
    const vv = v.arraySync();
    kv[0]![time - 1] = kv[0]![time - 1]!.map((x) => x + 3);
    vv[0]![time - 1] = vv[0]![time - 1]!.map((x) => x - 3);
    const changed = attention(q, tf.tensor3d(kv), tf.tensor3d(vv), null, opts).arraySync()[0]!;
    expect(changed.slice(0, time - 1)).toEqual(out.slice(0, time - 1));
    expect(changed[time - 1]).not.toEqual(out[time - 1]);
    // A NaN key in the last block: the stock composition masks a NaN score (NaN + -1e9) and
    // every row turns NaN; the kernel never forms the scores of rows 0..63 with that key.
    kv[0]![time - 1]![0] = Number.NaN;
    const poisoned = attention(q, tf.tensor3d(kv), v, null, opts).arraySync()[0]!;
    expect(poisoned.slice(0, 64).flat().every(Number.isFinite)).toBe(true);
    await tf.setBackend('cpu');
    const stock = attention(q, tf.tensor3d(kv), v, null, opts).arraySync()[0]!;
    expect(Number.isNaN(stock[0]![0])).toBe(true);
  });
});
