// The gradient of the fused convolution block (kernels/conv-block.ts): one native backward call
// for the filter, bias and input gradients. Second-order gradients are not supported.
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import { FUSED_KERNELS as K } from './constants.ts';

const run = (inputs: Record<string, tf.Tensor>, attrs: NamedAttrMap) =>
  tf.engine().runKernel(K.convBlockGrad, inputs as unknown as NamedTensorMap, attrs) as tf.Tensor[];

/** Registers the gradient (global registry, idempotent). */
export function installConvBlockGradient(): void {
  if (tf.getGradient(K.convBlock)) return;
  tf.registerGradient({
    kernelName: K.convBlock,
    inputsToSave: ['x', 'filter'],
    // The output (read without a pool under ReLU) and the mask handle (read with a pool).
    outputsToSave: [true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, filter, y, mask] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      // Only the block's output carries a gradient: the mask output is internal.
      const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
      const inputs = { dy, x, filter, y, mask };
      // A model's first block is told its input needs no gradient (it is the data): the one
      // call then leaves dx out. Should one be asked for anyway (a saliency map), a second
      // call computes it alone.
      const withInput = attrs.inputGradient !== false;
      // Run here, not in the thunks: a thunk runs in its own tidy, which would dispose the
      // sibling gradients (as fused-grads.ts).
      const [dx, dfilter, dbias] = run(inputs, { ...attrs, computeInput: withInput });
      return {
        x: withInput ? () => dx! : () => run(inputs, { ...attrs, computeWeights: false })[0]!,
        filter: () => dfilter!,
        bias: () => dbias!,
      };
    },
  });
}
