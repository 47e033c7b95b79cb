// The 'qudao-cpu' backend: the stock CPU backend's storage and kernels, with the hot kernels
// replaced by native ones that read and write the same typed arrays without copying.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { DataId, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type AdamStep, adamUpdate } from './adam.ts';
import { BufferPool } from './buffer-pool.ts';
import { BACKEND_NAME, BACKEND_PRIORITY } from './constants.ts';
import { installConvBlockGradient } from './conv-block-grad.ts';
import { installFusedGradients } from './fused-grads.ts';
import { convKernels } from './kernels/conv.ts';
import { convBlockKernels } from './kernels/conv-block.ts';
import { elementwiseKernels } from './kernels/elementwise.ts';
import { fusedLayerKernels } from './kernels/fused-layers.ts';
import { gatherKernels } from './kernels/gather.ts';
import { languageModelKernels } from './kernels/lm-kernels.ts';
import { matmulKernels } from './kernels/matmul.ts';
import { poolKernels } from './kernels/pool.ts';
import { splitKernels, transposeKernels } from './kernels/transpose.ts';
import { type NativeKernel, withFallback } from './kernels/util.ts';
import type { NativeAddon } from './native.ts';
import { installReluGradient } from './relu-grad.ts';
import { installSoftmaxGradient } from './softmax-grad.ts';

export { BACKEND_NAME, BACKEND_PRIORITY };

/** Upper bound on the memory kept for reuse by the output-buffer pool. */
const POOL_BYTES = 256 * 1024 * 1024;

export class QudaoCpuBackend extends MathBackendCPU {
  readonly pool = new BufferPool(POOL_BYTES);

  constructor(private readonly addon?: NativeAddon) {
    super();
    // The stock backend prints an "install tfjs-node" notice on first use; it does not apply.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /**
   * One fused Adam step in place (see adam.ts); false when it declines and the caller must
   * take the stock path for this variable. Found by duck typing (packages/ml's Adam).
   */
  adamUpdate(
    variable: tf.Variable,
    m: tf.Variable,
    v: tf.Variable,
    grad: tf.Tensor,
    step: AdamStep,
  ): boolean {
    if (!this.addon) return false;
    return adamUpdate(this, this.addon, variable, m, v, grad, step);
  }

  override readSync(dataId: DataId) {
    // The caller gets the stored array itself (dataSync, data, moves between backends).
    this.pool.escape(this.data.get(dataId)?.values);
    return super.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.get(dataId)?.values;
    const released = super.disposeData(dataId, force);
    if (values && !this.data.has(dataId)) this.pool.give(values);
    return released;
  }

  override dispose(): void {
    this.pool.clear();
    super.dispose();
  }
}

/**
 * Wraps a stock JS kernel: when one of its outputs shares memory with a pooled input (a
 * subarray view, as Slice makes), that input must never be recycled.
 */
function guardViews(kernelFunc: KernelFunc): KernelFunc {
  return ((args: Parameters<KernelFunc>[0]) => {
    const out = kernelFunc(args);
    const backend = args.backend as QudaoCpuBackend;
    const pool = backend.pool;
    if (!pool) return out;
    const outs = Array.isArray(out) ? out : [out as TensorInfo];
    for (const input of Object.values(args.inputs)) {
      if (!input) continue;
      const inValues = backend.data.get((input as TensorInfo).dataId)?.values;
      if (!pool.isOwned(inValues) && !pool.isSolo(inValues)) continue;
      for (const o of outs) {
        const v = backend.data.get(o.dataId)?.values as ArrayBufferView | undefined;
        if (
          v &&
          o.dataId !== (input as TensorInfo).dataId &&
          v.buffer === (inValues as Float32Array).buffer
        ) {
          pool.escape(inValues);
        }
      }
    }
    return out;
  }) as KernelFunc;
}

export const nativeKernels: Record<string, NativeKernel> = {
  ...convKernels,
  ...matmulKernels,
  ...poolKernels,
  ...elementwiseKernels,
  ...gatherKernels,
  ...transposeKernels,
  ...splitKernels,
  ...fusedLayerKernels,
  ...convBlockKernels,
  ...languageModelKernels,
};

export function registerBackend(addon: NativeAddon): void {
  tf.registerBackend(BACKEND_NAME, () => new QudaoCpuBackend(addon), BACKEND_PRIORITY);
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (config.kernelName in nativeKernels) continue;
    tf.registerKernel({
      ...config,
      backendName: BACKEND_NAME,
      kernelFunc: guardViews(config.kernelFunc),
    } as KernelConfig);
  }
  for (const [kernelName, native] of Object.entries(nativeKernels)) {
    tf.registerKernel({
      kernelName,
      backendName: BACKEND_NAME,
      // Native kernels never alias their inputs; only the stock fallback needs the guard.
      kernelFunc: withFallback(kernelName, native, addon, guardViews),
    });
  }
  installReluGradient();
  installSoftmaxGradient();
  installFusedGradients();
  installConvBlockGradient();
}
