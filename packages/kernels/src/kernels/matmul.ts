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

/** Index of batch entry `i` of the `outer` broadcast shape in a side of batch shape `dims`. */
function broadcastIndex(dims: number[], outer: number[], i: number): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let axis = outer.length - 1; axis >= 0; axis--) {
    const coord = rest % outer[axis];
    rest = Math.floor(rest / outer[axis]);
    const d = dims[axis - (outer.length - dims.length)] ?? 1;
    if (d !== 1) index += coord * stride;
    stride *= d;
  }
  return index;
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
  const out = alloc(backend, batch * M * N);
  const alpha = Number(attrs?.leakyreluAlpha ?? 0.2);
  const flags = [transA ? 1 : 0, transB ? 1 : 0];
  const aDims = a.shape.slice(0, -2);
  const bDims = b.shape.slice(0, -2);
  if (trailingBroadcast(aDims, outer) && trailingBroadcast(bDims, outer)) {
    // One call: product i reads a[i % batchA] and b[i % batchB].
    const dims = new Int32Array([batch, batchA, batchB, M, N, K, ...flags]);
    addon.matmul(av, bv, out, biasV, dims, act, alpha);
  } else {
    // Both sides broadcast ([2, 3] against [2, 1]): i % batch would pick the wrong matrices
    // (the stock kernel does, and returns garbage), so one call per product.
    const one = new Int32Array([1, 1, 1, M, N, K, ...flags]);
    for (let i = 0; i < batch; i++) {
      const ia = broadcastIndex(aDims, outer, i) * M * K;
      const ib = broadcastIndex(bDims, outer, i) * K * N;
      const a1 = av.subarray(ia, ia + M * K);
      const b1 = bv.subarray(ib, ib + K * N);
      addon.matmul(a1, b1, out.subarray(i * M * N, (i + 1) * M * N), biasV, one, act, alpha);
    }
  }
  return output(backend, [...outer, M, N], out);
}

export const matmulKernels: Record<string, (a: KernelArgs, n: NativeAddon) => TensorInfo | null> = {
  BatchMatMul: (args, addon) => matmul(args, addon, false),
  _FusedMatMul: (args, addon) => matmul(args, addon, true),
};
