// The Transformer layers' core computations, each as one op: on a backend that has the fused
// kernel ('qudao-cpu': one native pass forward and one backward) that kernel runs, elsewhere
// the same maths is composed from stock TensorFlow.js ops (gradients from the ops' own).
import { dropoutMask, FUSED_KERNELS as K } from '@qudao/kernels/portable';
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';

/** True when the current backend runs `kernel` natively. */
export function hasFusedKernel(kernel: string): boolean {
  return tf.getKernel(kernel, tf.getBackend()) !== undefined;
}

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: NamedAttrMap = {}) {
  return tf.engine().runKernel(name, inputs as unknown as NamedTensorMap, attrs);
}

/** (x − mean) / sqrt(var + ε) · γ + β over the last axis (population variance). */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number) {
  if (x.dtype === 'float32' && x.size > 0 && hasFusedKernel(K.layerNorm)) {
    return run(K.layerNorm, { x, gamma, beta }, { epsilon }) as tf.Tensor;
  }
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(normalized, gamma), beta);
  });
}

/** GELU with the exact Gaussian CDF: x · Φ(x), as tfjs-layers' 'gelu' activation. */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (x.dtype === 'float32' && hasFusedKernel(K.gelu)) return run(K.gelu, { x }) as tf.Tensor;
  return tf.tidy(() => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))));
}

/**
 * Inverted dropout with an explicit seed: elements are zeroed with probability `rate` and the
 * rest scaled by 1 / (1 − rate). The mask is a hash of (seed, element index), the same on
 * every backend; callers advance the seed per call so masks vary and runs reproduce.
 */
export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1); got ${rate}`);
  if (rate === 0) return tf.clone(x);
  if (x.dtype === 'float32' && hasFusedKernel(K.dropout)) {
    return run(K.dropout, { x }, { rate, seed: seed >>> 0 }) as tf.Tensor;
  }
  return tf.tidy(() => tf.mul(x, tf.tensor(dropoutMask(x.size, rate, seed >>> 0), x.shape)));
}

/**
 * Runs a fused attention kernel: the mask goes in as float32 (a cast copy, freed after, when it
 * is another dtype) and the weights handle, which only the backward pass reads, is freed.
 */
function runAttention(
  kernel: string,
  inputs: Record<string, tf.Tensor>,
  mask: tf.Tensor | null,
  attrs: NamedAttrMap,
): tf.Tensor3D {
  const m = !mask || mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
  const [context, weights] = run(kernel, m ? { ...inputs, mask: m } : inputs, attrs) as tf.Tensor[];
  weights!.dispose();
  if (m !== mask) m?.dispose();
  return context as tf.Tensor3D;
}

/** Options of `attention`. */
export interface AttentionOptions {
  numHeads: number;
  /** Multiplies the scores Q·Kᵀ (usually 1 / sqrt(head size)). */
  scale: number;
  /** Dropout on the attention weights (0: none). */
  rate?: number;
  /** Seed of that dropout's mask. */
  seed?: number;
  /** Decoder self-attention: query i sees keys 0..i only (default false). */
  causal?: boolean;
}

/** Additive causal mask [time, time]: 0 on and below the diagonal, -1e9 above. */
export function causalMask(time: number): tf.Tensor2D {
  const values = new Float32Array(time * time);
  for (let i = 0; i < time; i++) values.fill(-1e9, i * time + i + 1, (i + 1) * time);
  return tf.tensor2d(values, [time, time]);
}

/**
 * Multi-head scaled dot-product attention on projections already made: q, k, v are
 * [batch, time, heads · dim], head h being columns h·dim … (h+1)·dim; `mask` is additive,
 * [batch, time] (0 for a real key, a large negative number such as -1e9 for padding: not
 * -Infinity, which makes a fully padded row NaN), or null; it is a constant (on 'qudao-cpu'
 * asking for its gradient throws). Returns
 * softmax(scale · Q Kᵀ + mask) · V per head, as [batch, time, heads · dim]. With `causal` the
 * scores above the diagonal are masked (-1e9) too; the native kernel never computes them.
 */
export function attention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  mask: tf.Tensor | null,
  options: AttentionOptions,
): tf.Tensor3D {
  const { numHeads, scale } = options;
  const rate = options.rate ?? 0;
  const seed = (options.seed ?? 0) >>> 0;
  const causal = options.causal ?? false;
  if (hasFusedKernel(K.attention) && q.dtype === 'float32') {
    return runAttention(K.attention, { q, k, v }, mask, { numHeads, scale, rate, seed, causal });
  }
  return tf.tidy(() => {
    const [batch, time, width] = q.shape;
    const dim = width / numHeads;
    const heads = (t: tf.Tensor) =>
      t
        .reshape([batch, time, numHeads, dim])
        .transpose([0, 2, 1, 3])
        .reshape([batch * numHeads, time, dim]);
    let logits: tf.Tensor = tf.mul(tf.matMul(heads(q), heads(k), false, true), scale);
    if (mask) {
      logits = tf.add(
        logits.reshape([batch, numHeads, time, time]),
        mask.reshape([batch, 1, 1, time]),
      );
    }
    if (causal) logits = tf.add(logits.reshape([batch, numHeads, time, time]), causalMask(time));
    let weights: tf.Tensor = tf.softmax(logits.reshape([batch * numHeads, time, time]));
    if (rate > 0) weights = dropout(weights, rate, seed);
    return tf
      .matMul(weights, heads(v))
      .reshape([batch, numHeads, time, dim])
      .transpose([0, 2, 1, 3])
      .reshape([batch, time, width]) as tf.Tensor3D;
  });
}

/**
 * `attention` on one packed projection: `qkv` is [batch, time, 3 · heads · dim] with the
 * queries, keys and values as its three column blocks (x times the three kernels side by side).
 * One fused kernel each way on 'qudao-cpu' (no slicing); elsewhere split and `attention`.
 */
export function attentionPacked(
  qkv: tf.Tensor3D,
  mask: tf.Tensor | null,
  options: AttentionOptions,
): tf.Tensor3D {
  if (hasFusedKernel(K.attentionQkv) && qkv.dtype === 'float32') {
    return runAttention(K.attentionQkv, { qkv }, mask, {
      numHeads: options.numHeads,
      scale: options.scale,
      rate: options.rate ?? 0,
      seed: (options.seed ?? 0) >>> 0,
      causal: options.causal ?? false,
    });
  }
  return tf.tidy(() => {
    const [q, k, v] = tf.split(qkv, 3, -1) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    return attention(q, k, v, mask, options);
  });
}
