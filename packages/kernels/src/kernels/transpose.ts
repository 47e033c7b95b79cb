// Transpose of float32 tensors up to rank 4 as a strided copy in C++ over the thread pool
// (`transpose4` in native/elementwise.cc). The stock kernel indexes every element through a
// generic TensorBuffer: ~14 ms for the attention layer's [32,128,4,16] -> [32,4,128,16]; the
// TypeScript loop this replaced took ~1 ms.
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';
import { alloc, type KernelArgs, type NativeKernel, output } from './util.ts';

type Native = (a: KernelArgs, n: NativeAddon) => TensorInfo | null;

const transpose: Native = ({ inputs, backend, attrs }, addon) => {
  const { x } = inputs;
  if (x?.dtype !== 'float32' || !x) return null;
  const xv = backend.data.get(x.dataId)?.values;
  if (!(xv instanceof Float32Array)) return null;
  const rank = x.shape.length;
  const perm = (attrs?.perm as number[] | undefined) ?? [];
  if (rank === 0 || rank > 4 || perm.length !== rank) return null;
  const outShape = perm.map((p) => x.shape[p]);
  const out = alloc(backend, xv.length);
  if (xv.length === 0) return output(backend, outShape, out);
  // Input strides, then padded to rank 4 in output order (leading axes of size 1).
  const inStride: number[] = new Array(rank);
  let acc = 1;
  for (let i = rank - 1; i >= 0; i--) {
    inStride[i] = acc;
    acc *= x.shape[i];
  }
  const d = [1, 1, 1, 1];
  const s = [0, 0, 0, 0];
  for (let i = 0; i < rank; i++) {
    d[4 - rank + i] = outShape[i];
    s[4 - rank + i] = inStride[perm[i]];
  }
  addon.transpose(xv, out, Int32Array.from([...d, ...s]));
  return output(backend, outShape, out);
};

export const transposeKernels: Record<string, Native> = { Transpose: transpose };

/**
 * SplitV along any axis as one strided copy per piece (the gradient of Concat: the attention
 * layer concatenates its three projection kernels). The stock kernel slices through generic
 * buffers: ~8 ms for a [64, 192] kernel split into three columns.
 */
const splitV = ({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon) => {
  const { x } = inputs;
  if (x?.dtype !== 'float32' || !x) return null;
  const xv = backend.data.get(x.dataId)?.values;
  if (!(xv instanceof Float32Array)) return null;
  const axis = util.parseAxisParam(attrs?.axis as number, x.shape)[0]!;
  const sizes = backend_util.prepareSplitSize(
    x as never,
    attrs?.numOrSizeSplits as number[] | number,
    axis,
  );
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const along = x.shape[axis]!;
  const outs: TensorInfo[] = [];
  let start = 0;
  for (const size of sizes) {
    const shape = [...x.shape];
    shape[axis] = size;
    const out = alloc(backend, outer * size * inner);
    if (out.length > 0) {
      // Rows of `inner` floats: [outer, size] of them, `along * inner` apart per outer index.
      const p = Int32Array.from([1, outer, size, inner, 0, along * inner, inner, 1]);
      addon.transpose(xv.subarray(start * inner), out, p);
    }
    outs.push(output(backend, shape, out));
    start += size;
  }
  return outs;
};

export const splitKernels: Record<string, NativeKernel> = { SplitV: splitV };
