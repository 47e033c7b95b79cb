// Run in a child process by portable-path.test.ts with QUDAO_SIMD=generic: the portable builds
// of every hot loop (what CPUs without AVX2/FMA run) against the stock 'cpu' kernels: the GEMM
// micro-kernels (matmul, convolutions) and every loop simd_call dispatches (element-wise ops,
// reductions, softmax, pooling, bias epilogues, Adam, layer norm, GELU, dropout, attention,
// the convolution blocks: Winograd transforms, pooling with masks, the small-filter path).
// Prints one JSON line: {"simd", "loops", "worst": {group: max relative error}}.
import * as tf from '@tensorflow/tfjs';
import { nativeInfo } from '../index.ts';
import { compareBackends, randomArray } from '../test-utils.ts';
import { adamStep, attention, convBlock, dropout, gelu, layerNorm } from './reference-ops.ts';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const t = (shape: number[], seed: number, lo = -1, hi = 1) =>
  tf.tensor(randomArray(size(shape), seed, lo, hi), shape);
type Outputs = tf.Tensor[];

const groups: Record<string, () => Outputs> = {
  gemm: () => {
    const x = t([3, 13, 11, 5], 1) as tf.Tensor4D;
    const w = t([3, 3, 5, 7], 2) as tf.Tensor4D;
    const a = t([37, 29], 3) as tf.Tensor2D;
    const b = t([29, 41], 4) as tf.Tensor2D;
    return [
      tf.matMul(a, b),
      tf.matMul(b, a, true, true),
      tf.conv2d(x, w, [2, 1], 'same'),
      ...tf.grads((p: tf.Tensor, q: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, 'valid'))),
      )([x, w]),
    ];
  },
  biasActivations: () => {
    const x = t([2, 9, 9, 3], 5) as tf.Tensor4D;
    const w = t([3, 3, 3, 19], 6) as tf.Tensor4D;
    const bias = t([19], 7);
    const a = t([23, 17], 8) as tf.Tensor2D;
    const b = t([17, 19], 9) as tf.Tensor2D;
    const acts = ['relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const;
    // leakyreluAlpha given: without it the stock FusedConv2D returns NaN (tfjs 4.22).
    const leakyreluAlpha = 0.2;
    return acts.flatMap((activation) => [
      tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias, activation, leakyreluAlpha }),
      tf.fused.matMul({ a, b, bias, activation, leakyreluAlpha }),
    ]);
  },
  binary: () => {
    const a = t([5, 1, 37], 10);
    const b = t([7, 37], 11);
    const pos = t([7, 37], 12, 0.5, 2);
    const s = tf.scalar(0.3);
    return [
      tf.add(a, b),
      tf.sub(b, a),
      tf.mul(a, s),
      tf.div(a, pos),
      tf.maximum(a, b),
      tf.minimum(s, b),
      tf.squaredDifference(a, b),
    ];
  },
  unary: () => {
    const x = t([9, 41], 13, -3, 3);
    const p = t([9, 41], 14, 0.1, 4);
    const dy = t([9, 41], 15);
    return [
      tf.relu(x),
      tf.relu6(tf.mul(x, 3)),
      tf.step(x),
      tf.neg(x),
      tf.square(x),
      tf.sqrt(p),
      tf.rsqrt(p),
      tf.exp(x),
      tf.log(p),
      tf.abs(x),
      tf.sigmoid(x),
      tf.tanh(x),
      tf.reciprocal(p),
      tf.leakyRelu(x, 0.1),
      tf.elu(x),
      tf.erf(x),
      tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), dy)))(x), // the fused ReLU gradient
    ];
  },
  reductions: () => {
    const x = t([5, 7, 37], 16);
    const tall = t([3000, 19], 17);
    return [tf.sum(x, -1), tf.mean(x, 1), tf.sum(tall, 0), tf.mean(tall, 0, true)];
  },
  softmax: () => {
    const x = t([13, 37], 18, -5, 5);
    const dy = t([13, 37], 19);
    return [tf.softmax(x), tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.softmax(v), dy)))(x)];
  },
  pooling: () => {
    // After relu: many ties, which the max-pool gradient must route as tfjs does.
    const x = tf.relu(t([2, 9, 9, 19], 20));
    const f = (v: tf.Tensor) =>
      tf.add(
        tf.sum(tf.square(tf.maxPool(v as tf.Tensor4D, 3, 2, 'same'))),
        tf.sum(tf.square(tf.avgPool(v as tf.Tensor4D, 2, 2, 'valid'))),
      );
    return [tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), tf.grad(f)(x)];
  },
  adam: () =>
    adamStep({
      w: randomArray(1001, 21),
      m: randomArray(1001, 22, -0.1, 0.1),
      v: randomArray(1001, 23, 0, 0.01),
      g: randomArray(1001, 24),
    }),
  layerNorm: () => {
    const x = t([3, 5, 67], 25);
    const gamma = t([67], 26, 0.5, 1.5);
    const beta = t([67], 27);
    const dy = t([3, 5, 67], 28);
    const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(layerNorm(a, g, b), dy));
    return [layerNorm(x, gamma, beta), ...tf.grads(f)([x, gamma, beta])];
  },
  gelu: () => {
    const x = t([7, 131], 29, -6, 6);
    const dy = t([7, 131], 30);
    return [gelu(x), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(gelu(a), dy)))(x)];
  },
  dropout: () => {
    const x = t([9, 77], 31);
    const dy = t([9, 77], 32);
    const f = (a: tf.Tensor) => tf.sum(tf.mul(dropout(a, 0.3, 12345), dy));
    return [dropout(x, 0.3, 12345), tf.grad(f)(x)];
  },
  attention: () =>
    (
      [
        [2, 7, 2, 3, 0.3],
        [1, 19, 4, 16, 0],
      ] as const
    ).flatMap(([batch, time, heads, dim, rate]) => {
      const shape = [batch, time, heads * dim];
      const [q, k, v] = [1, 2, 3].map((s) => t(shape, 40 + s) as tf.Tensor3D) as [
        tf.Tensor3D,
        tf.Tensor3D,
        tf.Tensor3D,
      ];
      const dy = t(shape, 44);
      const padded = Float32Array.from({ length: batch * time }, (_, i) =>
        i % time === time - 1 ? -1e9 : 0,
      );
      const mask = tf.tensor2d(padded, [batch, time]);
      const o = { numHeads: heads, scale: 1 / Math.sqrt(dim), rate, seed: 7 };
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(
          tf.mul(attention(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D, mask, o), dy),
        );
      return [attention(q, k, v, mask, o), ...tf.grads(f)([q, k, v])];
    }),
  convBlock: () =>
    (
      [
        // Winograd with a pool, without one (odd sizes), the small-filter and im2col paths.
        [[2, 13, 13, 8], 16, { strides: 1, pad: 'valid', activation: 'relu', pool: [2, 2] }],
        [[1, 9, 11, 6], 10, { strides: 1, pad: 'same', activation: 'linear', pool: null }],
        [[2, 12, 12, 1], 8, { strides: 1, pad: 'valid', activation: 'relu', pool: [2, 2] }],
        [[2, 9, 9, 5], 7, { strides: 2, pad: 'same', activation: 'relu', pool: [3, 2] }],
        [[2, 5, 5, 16], 16, { strides: 1, pad: 'valid', activation: 'relu', pool: null }],
      ] as const
    ).flatMap(([shape, filters, o], i) => {
      // Multiples of 1/8: both sides sum exactly and pick the same maximum of a window.
      const q = (s: number[], seed: number) =>
        tf.tensor(
          randomArray(size(s), seed).map((v) => Math.round(v * 8) / 8),
          s,
        );
      const x = q([...shape], 50 + i) as tf.Tensor4D;
      const w = q([3, 3, shape[3], filters], 60 + i) as tf.Tensor4D;
      const b = q([filters], 70 + i) as tf.Tensor1D;
      const y = convBlock(x, w, b, o);
      const dy = q(y.shape, 80 + i);
      const f = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
        tf.sum(tf.mul(convBlock(a as tf.Tensor4D, c as tf.Tensor4D, d as tf.Tensor1D, o), dy));
      return [y, ...tf.grads(f)([x, w, b])];
    }),
};

const worst: Record<string, number> = {};
for (const [name, fn] of Object.entries(groups)) worst[name] = await compareBackends(fn);
const info = nativeInfo();
console.log(JSON.stringify({ simd: info?.simd, loops: info?.loops, worst }));
