// Operations of decoder-only language models: next-token cross-entropy from logits and the
// rotary position embedding, each native on 'qudao-cpu' where a kernel exists and composed
// from stock TensorFlow.js ops elsewhere (gradients from the ops' own).
import { FUSED_KERNELS as K } from '@qudao/kernels/portable';
import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { hasFusedKernel } from './fused-ops.ts';

/**
 * Cross-entropy in nats of each row of `logits` [rows, classes] against `labels` [rows]
 * (int32): logsumexp(logits) − logits[label]. On 'qudao-cpu' one native pass that also keeps
 * the gradient; elsewhere logSumExp minus the picked logit.
 */
export function softmaxCrossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  options: { gradient?: boolean } = {},
): tf.Tensor1D {
  if (
    logits.dtype === 'float32' &&
    labels.dtype === 'int32' &&
    hasFusedKernel(K.softmaxCrossEntropy)
  ) {
    const [loss, grad] = tf
      .engine()
      .runKernel(K.softmaxCrossEntropy, { logits, labels } as unknown as NamedTensorMap, {
        gradient: options.gradient ?? true,
      }) as tf.Tensor[];
    grad!.dispose();
    return loss as tf.Tensor1D;
  }
  return tf.tidy(() => {
    const picked = tf.sum(tf.mul(logits, tf.oneHot(labels, logits.shape[1])), 1);
    return tf.sub(tf.logSumExp(logits, 1), picked) as tf.Tensor1D;
  });
}

const tables = new Map<string, { cos: tf.Tensor; sin: tf.Tensor }>();

/** cos and sin of position · base^(−2i/dim), [time, 1, dim/2], computed in double. */
function rotaryTables(time: number, dim: number, base: number) {
  const key = `${time}:${dim}:${base}`;
  let t = tables.get(key);
  if (!t) {
    const half = dim / 2;
    const cos = new Float32Array(time * half);
    const sin = new Float32Array(time * half);
    for (let p = 0; p < time; p++) {
      for (let i = 0; i < half; i++) {
        const angle = p * base ** ((-2 * i) / dim);
        cos[p * half + i] = Math.cos(angle);
        sin[p * half + i] = Math.sin(angle);
      }
    }
    t = {
      cos: tf.keep(tf.tensor3d(cos, [time, 1, half])),
      sin: tf.keep(tf.tensor3d(sin, [time, 1, half])),
    };
    if (tables.size > 16) {
      const [oldest, old] = tables.entries().next().value!;
      tf.dispose([old.cos, old.sin]);
      tables.delete(oldest);
    }
    tables.set(key, t);
  }
  return t;
}

/**
 * Rotary position embedding (Su et al. 2021, GPT-NeoX's rotate-half form) of `x`
 * [batch, time, heads · dim]: in each head, the pair (i, i + dim/2) turns by the angle
 * position · base^(−2i/dim), so the score of a query and a key depends on their distance.
 * The decode engine applies the same rotation natively (packages/kernels native/decoder.cc).
 */
export function rotaryEmbedding(x: tf.Tensor3D, heads: number, base: number): tf.Tensor3D {
  const [batch, time, width] = x.shape;
  const dim = width / heads;
  if (!Number.isInteger(dim) || dim % 2 !== 0) {
    throw new Error(`rotary embedding needs an even head size; width ${width} / ${heads} heads`);
  }
  const { cos, sin } = rotaryTables(time, dim, base);
  return tf.tidy(() => {
    const h = x.reshape([batch, time, heads, dim]);
    const [a, b] = tf.split(h, 2, -1) as [tf.Tensor, tf.Tensor];
    const first = tf.sub(tf.mul(a, cos), tf.mul(b, sin));
    const second = tf.add(tf.mul(b, cos), tf.mul(a, sin));
    return tf.concat([first, second], -1).reshape([batch, time, width]) as tf.Tensor3D;
  });
}
