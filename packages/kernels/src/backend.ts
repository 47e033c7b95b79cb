// The 'qudao-cpu' backend: the stock CPU backend's storage and kernels, with the hot kernels
// replaced by native ones that read and write the same typed arrays without copying.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { convKernels } from './kernels/conv.ts';
import { elementwiseKernels } from './kernels/elementwise.ts';
import { matmulKernels } from './kernels/matmul.ts';
import { poolKernels } from './kernels/pool.ts';
import { type NativeKernel, withFallback } from './kernels/util.ts';
import type { NativeAddon } from './native.ts';

export const BACKEND_NAME = 'qudao-cpu';

/**
 * Above 'cpu' (1) and 'webgl' (2), so that it is the default once registered; below
 * tfjs-node's 'tensorflow' (3).
 */
export const BACKEND_PRIORITY = 2.5;

export class QudaoCpuBackend extends MathBackendCPU {
  constructor() {
    super();
    // The stock backend prints an "install tfjs-node" notice on first use; it does not apply.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }
}

export const nativeKernels: Record<string, NativeKernel> = {
  ...convKernels,
  ...matmulKernels,
  ...poolKernels,
  ...elementwiseKernels,
};

export function registerBackend(addon: NativeAddon): void {
  tf.registerBackend(BACKEND_NAME, () => new QudaoCpuBackend(), BACKEND_PRIORITY);
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (config.kernelName in nativeKernels) continue;
    tf.registerKernel({ ...config, backendName: BACKEND_NAME } as KernelConfig);
  }
  for (const [kernelName, native] of Object.entries(nativeKernels)) {
    tf.registerKernel({
      kernelName,
      backendName: BACKEND_NAME,
      kernelFunc: withFallback(kernelName, native, addon),
    });
  }
}
