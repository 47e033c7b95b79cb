// Transpose of float32 tensors up to rank 4 as a strided typed-array loop (the stock kernel
// indexes every element through a generic TensorBuffer: ~14 ms for the attention layer's
// [32,128,4,16] -> [32,4,128,16], which this does in well under 1 ms).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';
import { alloc, type KernelArgs, output } from './util.ts';

type Native = (a: KernelArgs, n: NativeAddon) => TensorInfo | null;

const transpose: Native = ({ inputs, backend, attrs }) => {
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
  const [d0, d1, d2, d3] = d;
  const [s0, s1, s2, s3] = s;
  let o = 0;
  if (s3 === 1) {
    for (let i0 = 0; i0 < d0; i0++)
      for (let i1 = 0; i1 < d1; i1++)
        for (let i2 = 0; i2 < d2; i2++) {
          const base = i0 * s0 + i1 * s1 + i2 * s2;
          if (d3 >= 256) {
            out.set(xv.subarray(base, base + d3), o);
            o += d3;
          } else {
            for (let i3 = 0; i3 < d3; i3++) out[o++] = xv[base + i3];
          }
        }
  } else {
    for (let i0 = 0; i0 < d0; i0++)
      for (let i1 = 0; i1 < d1; i1++)
        for (let i2 = 0; i2 < d2; i2++) {
          const base = i0 * s0 + i1 * s1 + i2 * s2;
          for (let i3 = 0; i3 < d3; i3++) out[o++] = xv[base + i3 * s3];
        }
  }
  return output(backend, outShape, out);
};

export const transposeKernels: Record<string, Native> = { Transpose: transpose };
