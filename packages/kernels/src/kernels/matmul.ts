// BatchMatMul and _FusedMatMul on the native GEMM.
import { broadcast_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';
import { activationCode, alloc, f32, type KernelArgs, output, sizeOf } from './util.ts';

/** True when `dims`, without its leading 1s, are the last axes of `outer`. */
function trailingBroadcast(dims: number[], outer: number[]): boolean {
  let first = 0;
  while (first < dims.length && dims[first] === 1) first++;
  const rest = dims.slice(first);
  const tail = outer.slice(outer.length - rest.length);
  return rest.length <= outer.length && rest.every((d, i) => d === tail[i]);
}

function matmul(
  { inputs, backend, attrs }: KernelArgs,
  addon: NativeAddon,
  fused: boolean,
): TensorInfo | null {
  const { a, b } = inputs;
  const av = f32(backend, a);
  const bv = f32(backend, b);
  if (!a || !b || !av || !bv || a.shape.length < 2 || b.shape.length < 2) return null;
  const transA = Boolean(attrs?.transposeA);
  const transB = Boolean(attrs?.transposeB);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const M = transA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kB = transB ? b.shape[rb - 1] : b.shape[rb - 2];
  const N = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (K !== kB) return null; // the stock kernel throws the descriptive error
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  const outer = broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const batch = sizeOf(outer);
  let act = 0;
  let biasV: Float32Array | null = null;
  if (fused) {
    act = activationCode(attrs?.activation);
    if (act < 0) return null;
    const bias = inputs.bias;
    if (bias) {
      biasV = f32(backend, bias);
      if (!biasV || sizeOf(bias.shape) !== N || bias.shape[bias.shape.length - 1] !== N) {
        return null;
      }
    }
  }
  if (batchA === 0 || batchB === 0) return null;
  // Product i reads a[i % batchA] and b[i % batchB]: right when each side's batch dimensions
  // are the trailing ones of the broadcast shape. [2, 1] against [1, 3] is not; the stock
  // kernel returns the shape of 6 products holding the data of 3 there, so refuse it.
  for (const side of [a, b]) {
    if (!trailingBroadcast(side.shape.slice(0, -2), outer)) {
      throw new Error(
        `batch dimensions [${a.shape.slice(0, -2)}] and [${b.shape.slice(0, -2)}] broadcast ` +
          'against each other; broadcast one side to the full batch shape first',
      );
    }
  }
  const out = alloc(backend, batch * M * N);
  const dims = new Int32Array([batch, batchA, batchB, M, N, K, transA ? 1 : 0, transB ? 1 : 0]);
  addon.matmul(av, bv, out, biasV, dims, act, Number(attrs?.leakyreluAlpha ?? 0.2));
  return output(backend, [...outer, M, N], out);
}

export const matmulKernels: Record<string, (a: KernelArgs, n: NativeAddon) => TensorInfo | null> = {
  BatchMatMul: (args, addon) => matmul(args, addon, false),
  _FusedMatMul: (args, addon) => matmul(args, addon, true),
};
