// The fused kernels of 'qudao-cpu' where the current backend has them, the same maths composed
// from stock ops elsewhere (as packages/ml's layers/fused-ops.ts does; kernels cannot import
// ml), so generic-simd-check.ts can run each against the stock 'cpu' kernels.
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import { FUSED_KERNELS as K } from '../constants.ts';
import { dropoutMask } from '../dropout-mask.ts';

const fused = () => tf.getKernel(K.layerNorm, tf.getBackend()) !== undefined;
const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: NamedAttrMap = {}) =>
  tf.engine().runKernel(name, inputs as unknown as NamedTensorMap, attrs);

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  if (fused()) return run(K.layerNorm, { x, gamma, beta }, { epsilon: 1e-6 }) as tf.Tensor;
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-6))), gamma), beta);
}

export function gelu(x: tf.Tensor): tf.Tensor {
  if (fused()) return run(K.gelu, { x }) as tf.Tensor;
  return tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
}

export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (fused()) return run(K.dropout, { x }, { rate, seed }) as tf.Tensor;
  return tf.mul(x, tf.tensor(dropoutMask(x.size, rate, seed), x.shape));
}

export interface AttentionCase {
  numHeads: number;
  scale: number;
  rate: number;
  seed: number;
}

/** softmax(scale · Q Kᵀ + mask) (dropped out) · V per head; q, k, v [batch, time, width]. */
export function attention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  mask: tf.Tensor2D,
  o: AttentionCase,
): tf.Tensor {
  if (fused()) {
    const attrs = { numHeads: o.numHeads, scale: o.scale, rate: o.rate, seed: o.seed };
    return (run(K.attention, { q, k, v, mask }, attrs) as tf.Tensor[])[0]!;
  }
  const [batch, time, width] = q.shape;
  const dim = width / o.numHeads;
  const heads = (t: tf.Tensor) =>
    t
      .reshape([batch, time, o.numHeads, dim])
      .transpose([0, 2, 1, 3])
      .reshape([batch * o.numHeads, time, dim]);
  const logits = tf.add(
    tf
      .mul(tf.matMul(heads(q), heads(k), false, true), o.scale)
      .reshape([batch, o.numHeads, time, time]),
    mask.reshape([batch, 1, 1, time]),
  );
  let weights: tf.Tensor = tf.softmax(logits.reshape([batch * o.numHeads, time, time]));
  if (o.rate > 0) weights = dropout(weights, o.rate, o.seed);
  return tf
    .matMul(weights, heads(v))
    .reshape([batch, o.numHeads, time, dim])
    .transpose([0, 2, 1, 3])
    .reshape([batch, time, width]);
}

export interface AdamCase {
  w: Float32Array;
  m: Float32Array;
  v: Float32Array;
  g: Float32Array;
}

const step = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, c1: 0.271, c2: 0.003, epsilon: 1e-7 };

/** One Adam step: the backend's native `adamUpdate` on 'qudao-cpu', tf ops elsewhere. */
export function adamStep(c: AdamCase): tf.Tensor[] {
  const w = tf.variable(tf.tensor(c.w));
  const m = tf.variable(tf.tensor(c.m));
  const v = tf.variable(tf.tensor(c.v));
  const g = tf.tensor(c.g);
  const native = tf.backend() as { adamUpdate?: (...a: unknown[]) => boolean };
  if (native.adamUpdate) {
    if (!native.adamUpdate(w, m, v, g, step)) throw new Error('the native Adam step declined');
    return [w, m, v].map((x) => tf.add(x, 0));
  }
  const m1 = tf.add(tf.mul(m, step.beta1), tf.mul(g, 1 - step.beta1));
  const v1 = tf.add(tf.mul(v, step.beta2), tf.mul(tf.square(g), 1 - step.beta2));
  const update = tf.div(tf.div(m1, step.c1), tf.add(tf.sqrt(tf.div(v1, step.c2)), step.epsilon));
  return [tf.add(tf.mul(update, -step.learningRate), w), m1, v1];
}

/** The geometry of a convolution block (FUSED_KERNELS.convBlock's attrs). */
export interface ConvBlockCase {
  strides: number;
  pad: 'valid' | 'same';
  activation: 'linear' | 'relu';
  /** A max pool's window and stride, or null. */
  pool: readonly [number, number] | null;
}

/** maxPool?(act(conv2d(x, w) + b)): the fused block, or conv2d, add, relu, maxPool. */
export function convBlock(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, o: ConvBlockCase) {
  if (fused()) {
    const attrs: NamedAttrMap = { strides: o.strides, pad: o.pad, activation: o.activation };
    if (o.pool) Object.assign(attrs, { poolSize: o.pool[0], poolStrides: o.pool[1] });
    const [y, mask] = run(K.convBlock, { x, filter: w, bias: b }, attrs) as tf.Tensor[];
    mask!.dispose();
    return y as tf.Tensor4D;
  }
  let y = tf.add(tf.conv2d(x, w, o.strides, o.pad), b) as tf.Tensor4D;
  if (o.activation === 'relu') y = tf.relu(y);
  return o.pool ? tf.maxPool(y, o.pool[0], o.pool[1], 'valid') : y;
}
