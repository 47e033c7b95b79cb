// Conv2D, FusedConv2D and their gradients: im2col + GEMM in C++.
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';
import { activationCode, alloc, f32, type KernelArgs, output, sizeOf } from './util.ts';

type Conv2DInfo = backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];
type Pad = Parameters<typeof backend_util.computeConv2DInfo>[4];
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** The native conv parameter block (native/kernels.h ConvParams) of a tfjs Conv2DInfo. */
export function convParams(ci: Conv2DInfo): Int32Array {
  return new Int32Array([
    ci.batchSize,
    ci.inHeight,
    ci.inWidth,
    ci.inChannels,
    ci.filterHeight,
    ci.filterWidth,
    ci.outChannels,
    ci.outHeight,
    ci.outWidth,
    ci.strideHeight,
    ci.strideWidth,
    ci.dilationHeight,
    ci.dilationWidth,
    ci.padInfo.top,
    ci.padInfo.left,
  ]);
}

function isNHWC(dataFormat: unknown): boolean {
  return dataFormat == null || dataFormat === 'NHWC';
}

function info(
  inShape: number[],
  filterShape: number[],
  attrs: KernelArgs['attrs'],
  dilations: number | [number, number],
): Conv2DInfo {
  const a = attrs ?? {};
  return backend_util.computeConv2DInfo(
    inShape as Shape4,
    filterShape as Shape4,
    a.strides as number | [number, number],
    dilations,
    a.pad as Pad,
    a.dimRoundingMode as Rounding,
    false,
    'channelsLast',
  );
}

export function conv2D({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon) {
  const { x, filter } = inputs;
  if (!isNHWC(attrs?.dataFormat)) return null;
  const xv = f32(backend, x);
  const wv = f32(backend, filter);
  if (!x || !filter || !xv || !wv || x.shape.length !== 4) return null;
  const ci = info(x.shape, filter.shape, attrs, attrs?.dilations as [number, number]);
  const y = alloc(backend, sizeOf(ci.outShape));
  addon.conv2d(xv, wv, null, y, convParams(ci), 0, 0);
  return output(backend, ci.outShape, y);
}

export function fusedConv2D({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon) {
  const { x, filter, bias } = inputs;
  if (!isNHWC(attrs?.dataFormat)) return null;
  const act = activationCode(attrs?.activation);
  if (act < 0) return null;
  const xv = f32(backend, x);
  const wv = f32(backend, filter);
  if (!x || !filter || !xv || !wv || x.shape.length !== 4) return null;
  const ci = info(x.shape, filter.shape, attrs, attrs?.dilations as [number, number]);
  let bv: Float32Array | null = null;
  if (bias) {
    bv = f32(backend, bias);
    const o = ci.outChannels;
    if (!bv || sizeOf(bias.shape) !== o || bias.shape[bias.shape.length - 1] !== o) return null;
  }
  const y = alloc(backend, sizeOf(ci.outShape));
  addon.conv2d(xv, wv, bv, y, convParams(ci), act, Number(attrs?.leakyreluAlpha ?? 0.2));
  return output(backend, ci.outShape, y);
}

export function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon) {
  const { dy, filter } = inputs;
  if (!isNHWC(attrs?.dataFormat)) return null;
  const dyv = f32(backend, dy);
  const wv = f32(backend, filter);
  const inShape = attrs?.inputShape as number[] | undefined;
  if (!dy || !filter || !dyv || !wv || !inShape || inShape.length !== 4) return null;
  const ci = info(inShape, filter.shape, attrs, 1);
  if (ci.outHeight !== dy.shape[1] || ci.outWidth !== dy.shape[2]) return null;
  const dx = alloc(backend, sizeOf(inShape));
  addon.conv2dBackpropInput(dyv, wv, dx, convParams(ci));
  return output(backend, [...inShape], dx);
}

export function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon) {
  const { x, dy } = inputs;
  if (!isNHWC(attrs?.dataFormat)) return null;
  const xv = f32(backend, x);
  const dyv = f32(backend, dy);
  const filterShape = attrs?.filterShape as number[] | undefined;
  if (!x || !dy || !xv || !dyv || !filterShape || x.shape.length !== 4) return null;
  const ci = info(x.shape, filterShape, attrs, 1);
  if (ci.outHeight !== dy.shape[1] || ci.outWidth !== dy.shape[2]) return null;
  const dw = alloc(backend, sizeOf(filterShape));
  addon.conv2dBackpropFilter(xv, dyv, dw, convParams(ci));
  return output(backend, [...filterShape], dw);
}

export const convKernels: Record<string, (a: KernelArgs, n: NativeAddon) => TensorInfo | null> = {
  Conv2D: conv2D,
  FusedConv2D: fusedConv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
};
