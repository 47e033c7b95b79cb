// A fused ReLU gradient. tfjs computes it as mul(dy, cast(step(x))): two passes and two
// full-size temporaries per ReLU. On 'qudao-cpu' one native kernel does it in one pass; on
// every other backend the original gradient runs unchanged.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedTensorMap } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from './constants.ts';

export const RELU_GRAD = 'QudaoReluGrad';

const fused = (dy: tf.Tensor, x: tf.Tensor): tf.Tensor =>
  tf.engine().runKernel(RELU_GRAD, { dy, x } as unknown as NamedTensorMap) as tf.Tensor;

/** Installs the fused path in tfjs's (global) gradient registry. Idempotent. */
export function installReluGradient(): void {
  const original = tf.getGradient('Relu');
  if (!original || (original as { qudao?: boolean }).qudao) return;
  const config: GradConfig & { qudao: boolean } = {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    qudao: true,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const single = dy as tf.Tensor;
      if (tf.getBackend() === BACKEND_NAME && single.dtype === 'float32' && x.dtype === 'float32') {
        return { x: () => fused(single, x) };
      }
      return original.gradFunc(dy, saved, attrs);
    },
  };
  tf.registerGradient(config);
  // Second-order gradients: d/d(dy) is the same masking; x only selects, so its gradient is 0.
  tf.registerGradient({
    kernelName: RELU_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddy, saved) => {
      const [x] = saved;
      return { dy: () => fused(ddy as tf.Tensor, x), x: () => tf.zerosLike(x) };
    },
  });
}
