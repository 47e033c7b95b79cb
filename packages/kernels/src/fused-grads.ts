// Gradients of the fused Transformer-layer kernels (kernels/fused-layers.ts). Each backward
// pass is one native kernel too; the layers' second-order gradients are not supported.
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import { FUSED_KERNELS as K } from './constants.ts';

const run = (name: string, inputs: Record<string, tf.Tensor>, attrs?: NamedAttrMap) =>
  tf.engine().runKernel(name, inputs as unknown as NamedTensorMap, attrs);

/**
 * One backward kernel gives every input's gradient, so it runs when the gradient function is
 * called (inside tfjs's backward scope, which disposes the outputs nobody asks for); the
 * per-input thunks only pick their output (a thunk runs in its own tidy, which would dispose
 * the siblings if the kernel ran there).
 */
function all(outputs: tf.Tensor[]): (i: number) => () => tf.Tensor {
  return (i) => () => outputs[i]!;
}

/**
 * The attention kernels take the padding mask as a constant: tfjs asks for an input's gradient
 * only when that input depends on what is being differentiated, so this throws exactly when a
 * mask would need one (compose attention from stock ops for a learned mask).
 */
const maskGradient = () => {
  throw new Error(
    'the fused attention kernels do not differentiate their mask; pass a constant mask',
  );
};

/** Registers the gradients (global registry, idempotent). */
export function installFusedGradients(): void {
  if (tf.getGradient(K.attention)) return;
  tf.registerGradient({
    kernelName: K.layerNorm,
    inputsToSave: ['x', 'gamma'],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma] = saved as [tf.Tensor, tf.Tensor];
      const pick = all(
        run(K.layerNormGrad, { dy: dy as tf.Tensor, x, gamma }, attrs) as tf.Tensor[],
      );
      return { x: pick(0), gamma: pick(1), beta: pick(2) };
    },
  });
  tf.registerGradient({
    kernelName: K.gelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => run(K.geluGrad, { dy: dy as tf.Tensor, x }) as tf.Tensor };
    },
  });
  tf.registerGradient({
    kernelName: K.dropout,
    gradFunc: (dy, _saved, attrs) => ({
      x: () => run(K.dropout, { x: dy as tf.Tensor }, attrs) as tf.Tensor,
    }),
  });
  tf.registerGradient({
    kernelName: K.attention,
    inputsToSave: ['q', 'k', 'v'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved, attrs) => {
      const [q, k, v, probs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      // Only the context output carries a gradient: the weights output is internal.
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      const pick = all(run(K.attentionGrad, { dy, q, k, v, probs }, attrs) as tf.Tensor[]);
      return { q: pick(0), k: pick(1), v: pick(2), mask: maskGradient };
    },
  });
  tf.registerGradient({
    kernelName: K.softmaxCrossEntropy,
    inputsToSave: ['logits'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved) => {
      const [logits, grad] = saved as [tf.Tensor, tf.Tensor];
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      return {
        logits: () => run(K.softmaxCrossEntropyGrad, { dy, grad, logits }) as tf.Tensor,
        labels: () => {
          throw new Error('softmax cross-entropy does not differentiate its integer labels');
        },
      };
    },
  });
  tf.registerGradient({
    kernelName: K.attentionQkv,
    inputsToSave: ['qkv'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved, attrs) => {
      const [qkv, probs] = saved as [tf.Tensor, tf.Tensor];
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      const dqkv = run(K.attentionQkvGrad, { dy, qkv, probs }, attrs) as tf.Tensor;
      return { qkv: () => dqkv, mask: maskGradient };
    },
  });
}
