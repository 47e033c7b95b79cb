// Shared helpers for the native kernel wrappers.
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { getKernel } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';

export interface KernelArgs {
  inputs: Record<string, TensorInfo | null | undefined>;
  backend: MathBackendCPU;
  attrs?: NamedAttrMap;
}

/** A native kernel: returns a result, or null to hand the call to the stock JS kernel. */
export type NativeKernel = (
  args: KernelArgs,
  addon: NativeAddon,
) => TensorInfo | TensorInfo[] | null;

/**
 * The Float32Array behind a float32 tensor, or null when it is not a float32 tensor.
 *
 * A float32 tensor can be stored as a Uint8Array or Int32Array: the stock Cast from bool or
 * int32 keeps the input's array (dropout masks, padding masks). Those are converted here into
 * a copy (from the pool when `temps` is given; the caller returns them with `releaseTemps`),
 * so the native kernels take them instead of handing the call to the slow generic JS kernel.
 */
export function f32(
  backend: MathBackendCPU,
  t: TensorInfo | null | undefined,
  temps?: Float32Array[],
): Float32Array | null {
  if (t?.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId)?.values;
  if (values instanceof Float32Array) return values;
  if (values instanceof Uint8Array || values instanceof Int32Array) {
    const copy = temps ? alloc(backend, values.length) : new Float32Array(values.length);
    copy.set(values);
    temps?.push(copy);
    return copy;
  }
  return null;
}

/** Gives the temporary copies made by `f32` back to the pool. */
export function releaseTemps(backend: MathBackendCPU, temps: Float32Array[]): void {
  const pool = (backend as { pool?: { give(v: Float32Array): void } }).pool;
  if (pool) for (const t of temps) pool.give(t);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** An output array for a native kernel (from the backend's pool when it has one). */
export function alloc(backend: MathBackendCPU, n: number): Float32Array {
  const pool = (backend as { pool?: { take(n: number): Float32Array } }).pool;
  return pool ? pool.take(n) : new Float32Array(n);
}

export function output(backend: MathBackendCPU, shape: number[], values: Float32Array): TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

/** How many calls of each native kernel went to the stock JS kernel instead. */
export const fallbackCounts = new Map<string, number>();

/**
 * A native kernel refused its call (the addon's argument checks, or the wrapper's own): the
 * message names the tfjs kernel and what was wrong. Never a fallback to the stock kernel: a
 * refused call is a bug in the wrapper, and the stock kernel would hide it.
 */
export class NativeKernelError extends Error {
  readonly code = 'kernels.native_call_refused';
  constructor(
    readonly kernel: string,
    cause: unknown,
  ) {
    super(`qudao-cpu ${kernel}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'NativeKernelError';
  }
}

/**
 * Wraps a native kernel so that it falls back to the stock 'cpu' kernel when it declines, and
 * turns what it throws into a NativeKernelError.
 */
export function withFallback(
  name: string,
  native: NativeKernel,
  addon: NativeAddon,
  wrapStock: (k: KernelFunc) => KernelFunc = (k) => k,
): KernelFunc {
  const found = getKernel(name, 'cpu')?.kernelFunc;
  const stock = found ? wrapStock(found) : undefined;
  return ((args: KernelArgs) => {
    let out: ReturnType<NativeKernel>;
    try {
      out = native(args, addon);
    } catch (err) {
      throw new NativeKernelError(name, err);
    }
    if (out) return out;
    fallbackCounts.set(name, (fallbackCounts.get(name) ?? 0) + 1);
    if (!stock) throw new Error(`qudao-cpu: no fallback kernel for ${name}`);
    return stock(args as unknown as Parameters<KernelFunc>[0]);
  }) as unknown as KernelFunc;
}

export const ACTIVATIONS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyrelu: 3,
  sigmoid: 4,
  elu: 5,
};

/** Activation code for the native kernels, or -1 when only the JS path supports it. */
export function activationCode(activation: unknown): number {
  if (activation == null) return 0;
  const code = ACTIVATIONS[String(activation)];
  return code === undefined ? -1 : code;
}
