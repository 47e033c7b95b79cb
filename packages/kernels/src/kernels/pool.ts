// MaxPool / AvgPool and their gradients (NHWC, dilation 1).
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';
import { alloc, f32, type KernelArgs, output, sizeOf } from './util.ts';

type Shape4 = [number, number, number, number];
type Pad = Parameters<typeof backend_util.computePool2DInfo>[4];

function poolInfo(shape: number[], attrs: KernelArgs['attrs']): backend_util.Conv2DInfo {
  const a = attrs ?? {};
  return backend_util.computePool2DInfo(
    shape as Shape4,
    a.filterSize as [number, number] | number,
    a.strides as [number, number] | number,
    1,
    a.pad as Pad,
    a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

/** The native pooling parameter block (native/kernels.h PoolParams) of a tfjs Conv2DInfo. */
export function poolParams(ci: backend_util.Conv2DInfo): Int32Array {
  return new Int32Array([
    ci.batchSize,
    ci.inHeight,
    ci.inWidth,
    ci.inChannels,
    ci.filterHeight,
    ci.filterWidth,
    ci.outHeight,
    ci.outWidth,
    ci.strideHeight,
    ci.strideWidth,
    ci.padInfo.top,
    ci.padInfo.left,
  ]);
}

function forward({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon, max: boolean) {
  const { x } = inputs;
  const xv = f32(backend, x);
  if (!x || !xv || x.shape.length !== 4) return null;
  const ci = poolInfo(x.shape, attrs);
  if (ci.filterWidth === 1 && ci.filterHeight === 1 && util.arraysEqual(ci.inShape, ci.outShape)) {
    return null; // identity: the stock kernel shares the buffer
  }
  const y = alloc(backend, sizeOf(ci.outShape));
  (max ? addon.maxPool : addon.avgPool)(xv, y, poolParams(ci));
  return output(backend, ci.outShape, y);
}

function maxPoolGrad({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon) {
  const { dy, input } = inputs;
  const dyv = f32(backend, dy);
  const xv = f32(backend, input);
  if (!dy || !input || !dyv || !xv || input.shape.length !== 4) return null;
  const ci = poolInfo(input.shape, attrs);
  const dx = alloc(backend, sizeOf(input.shape));
  addon.maxPoolGrad(dyv, xv, dx, poolParams(ci));
  return output(backend, [...input.shape], dx);
}

function avgPoolGrad({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon) {
  const { dy, input } = inputs;
  const dyv = f32(backend, dy);
  if (!dy || !input || !dyv || input.shape.length !== 4) return null;
  const ci = poolInfo(input.shape, attrs);
  const dx = alloc(backend, sizeOf(input.shape));
  addon.avgPoolGrad(dyv, dx, poolParams(ci));
  return output(backend, [...input.shape], dx);
}

export const poolKernels: Record<string, (a: KernelArgs, n: NativeAddon) => TensorInfo | null> = {
  MaxPool: (args, addon) => forward(args, addon, true),
  AvgPool: (args, addon) => forward(args, addon, false),
  MaxPoolGrad: maxPoolGrad,
  AvgPoolGrad: avgPoolGrad,
};
