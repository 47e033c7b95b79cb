// Softmax cross-entropy against integer labels as one native pass (FUSED_KERNELS
// .softmaxCrossEntropy): the loss of next-token training, whose logits ([tokens, vocabulary])
// are the largest tensor of a language model's step. The forward pass writes the gradient
// (softmax − onehot) while the row is in cache; the backward pass only scales it by the
// upstream gradient of each row.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_KERNELS as K } from '../constants.ts';
import { alloc, f32, type NativeKernel, output, releaseTemps, sizeOf } from './util.ts';

function int32Labels(args: Parameters<NativeKernel>[0]): Int32Array | null {
  const t = args.inputs.labels as TensorInfo | undefined;
  if (t?.dtype !== 'int32') return null;
  const values = args.backend.data.get(t.dataId)?.values;
  return values instanceof Int32Array ? values : null;
}

export const languageModelKernels: Record<string, NativeKernel> = {
  [K.softmaxCrossEntropy]: (args, addon) => {
    const logitsInfo = args.inputs.logits as TensorInfo;
    const shape = logitsInfo.shape;
    if (shape.length !== 2) {
      throw new Error(`softmaxCrossEntropy: logits must be [rows, classes], got [${shape}]`);
    }
    const [rows, classes] = shape as [number, number];
    const labelsInfo = args.inputs.labels as TensorInfo;
    if (labelsInfo.shape.length !== 1 || labelsInfo.shape[0] !== rows) {
      throw new Error(`softmaxCrossEntropy: labels must be [${rows}], got [${labelsInfo.shape}]`);
    }
    const temps: Float32Array[] = [];
    const logits = f32(args.backend, logitsInfo, temps);
    const labels = int32Labels(args);
    if (!logits || !labels) {
      releaseTemps(args.backend, temps);
      throw new Error('softmaxCrossEntropy: logits must be float32 and labels int32');
    }
    const b = args.backend;
    const loss = alloc(b, rows);
    const withGrad = args.attrs?.gradient !== false;
    const grad = withGrad ? alloc(b, rows * classes) : null;
    addon.softmaxCrossEntropy(logits, labels, loss, grad, rows, classes, 1);
    releaseTemps(b, temps);
    // The gradient leaves as a [1] handle on the [rows, classes] block, as the attention
    // weights do (fused-layers.ts): tfjs would feed zeros of its full size to the backward pass.
    return [output(b, [rows], loss), output(b, [1], grad ?? new Float32Array(1))];
  },
  [K.softmaxCrossEntropyGrad]: (args) => {
    const b = args.backend;
    const dy = f32(b, args.inputs.dy);
    const grad = f32(b, args.inputs.grad);
    const shape = (args.inputs.logits as TensorInfo).shape;
    if (!dy || !grad) return null;
    const [rows, classes] = shape as [number, number];
    if (grad.length < rows * classes) {
      throw new Error('softmaxCrossEntropy: its gradient was not kept (gradient: false)');
    }
    const out = alloc(b, sizeOf(shape));
    for (let r = 0; r < rows; r++) {
      const s = dy[r]!;
      const at = r * classes;
      for (let c = 0; c < classes; c++) out[at + c] = grad[at + c]! * s;
    }
    return output(b, [...shape], out);
  },
};
