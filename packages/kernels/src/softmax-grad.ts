// A fused Softmax gradient. tfjs computes it as sub(mul(dy, y), mul(sum(mul(dy, y)), y)): four
// kernels and three full-size temporaries per softmax (the attention scores: [b·h, t, t]). On
// 'qudao-cpu' one native pass per row does it (last axis only); every other case runs the
// original gradient unchanged.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedTensorMap } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from './constants.ts';

export const SOFTMAX_GRAD = 'QudaoSoftmaxGrad';

const fused = (dy: tf.Tensor, y: tf.Tensor): tf.Tensor =>
  tf.engine().runKernel(SOFTMAX_GRAD, { dy, y } as unknown as NamedTensorMap) as tf.Tensor;

/** Installs the fused path in tfjs's (global) gradient registry. Idempotent. */
export function installSoftmaxGradient(): void {
  const original = tf.getGradient('Softmax');
  if (!original || (original as { qudao?: boolean }).qudao) return;
  const config: GradConfig & { qudao: boolean } = {
    kernelName: 'Softmax',
    outputsToSave: [true],
    qudao: true,
    gradFunc: (dy, saved, attrs) => {
      const [y] = saved;
      const single = dy as tf.Tensor;
      const rank = y.shape.length;
      const dim = Number((attrs as { dim?: number }).dim ?? -1);
      if (
        tf.getBackend() === BACKEND_NAME &&
        single.dtype === 'float32' &&
        y.dtype === 'float32' &&
        rank > 0 &&
        (dim === -1 || dim === rank - 1)
      ) {
        return { logits: () => fused(single, y) };
      }
      return original.gradFunc(dy, saved, attrs);
    },
  };
  tf.registerGradient(config);
  // Second order: dx = dy·y − s·y with s = Σ dy·y (per row). Linear in dy (the same map
  // again); d/dy = ddx·dy − ddx·s − dy·Σ(ddx·y).
  tf.registerGradient({
    kernelName: SOFTMAX_GRAD,
    inputsToSave: ['dy', 'y'],
    gradFunc: (ddx, saved) => {
      const [dy, y] = saved;
      const g = ddx as tf.Tensor;
      return {
        dy: () => fused(g, y),
        y: () => {
          const s = tf.sum(tf.mul(dy, y), -1, true);
          const t = tf.sum(tf.mul(g, y), -1, true);
          return tf.sub(tf.sub(tf.mul(g, dy), tf.mul(g, s)), tf.mul(dy, t));
        },
      };
    },
  });
}
