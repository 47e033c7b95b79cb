// Fused convolution blocks (FUSED_KERNELS.convBlock): Conv2D + bias + ReLU (+ MaxPool) as one
// native call forward and one backward (native/conv_block.h). The forward pass writes the
// output and, with a pool, one mask byte per output element (where the gradient goes, or that
// it is zero), so neither the convolution's output nor the pool's input is ever stored. Its
// gradient is registered in conv-block-grad.ts; packages/ml's layers call it through
// `convBlock` when the backend has it.
import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_KERNELS as K } from '../constants.ts';
import { convParams } from './conv.ts';
import { alloc, f32, type KernelArgs, type NativeKernel, output, sizeOf } from './util.ts';

type Shape4 = [number, number, number, number];
type Pad = Parameters<typeof backend_util.computeConv2DInfo>[4];
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pair = number | [number, number];

/** Activation codes the block kernels take (native/kernels.h). */
const BLOCK_ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1 };

/** The geometry of a block call: shapes and the native parameter block. */
export interface BlockGeometry {
  outShape: Shape4;
  /** The block's output: the pool's, or the convolution's without one. */
  yShape: Shape4;
  pooled: boolean;
  params: Int32Array;
}

/**
 * The geometry of a block on an input of `xShape` and a filter of `filterShape` (attrs as in
 * FUSED_KERNELS.convBlock); throws a message naming what is wrong.
 */
export function blockGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: NamedAttrMap | undefined,
): BlockGeometry {
  const a = attrs ?? {};
  if (xShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(`convBlock: x and filter must be rank 4, got [${xShape}] and [${filterShape}]`);
  }
  const act = BLOCK_ACTIVATIONS[String(a.activation ?? 'linear')];
  if (act === undefined) {
    throw new Error(`convBlock: activation must be 'linear' or 'relu', got '${a.activation}'`);
  }
  const ci = backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    a.strides as Pair,
    (a.dilations ?? 1) as Pair,
    a.pad as Pad,
    a.dimRoundingMode as Rounding,
    false,
    'channelsLast',
  );
  const outShape = ci.outShape as Shape4;
  const params = new Int32Array(25);
  params.set(convParams(ci));
  params[15] = act;
  if (a.poolSize == null) return { outShape, yShape: outShape, pooled: false, params };
  const pi = backend_util.computePool2DInfo(
    outShape,
    a.poolSize as Pair,
    (a.poolStrides ?? a.poolSize) as Pair,
    1,
    (a.poolPad ?? 'valid') as Pad,
  );
  params.set(
    [
      1,
      pi.filterHeight,
      pi.filterWidth,
      pi.outHeight,
      pi.outWidth,
      pi.strideHeight,
      pi.strideWidth,
      pi.padInfo.top,
      pi.padInfo.left,
    ],
    16,
  );
  return { outShape, yShape: pi.outShape as Shape4, pooled: true, params };
}

/** The bytes of a mask handle's array (one per output element). */
function maskBytes(values: Float32Array, n: number): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, n);
}

/** An array of n mask bytes, as the floats a tensor can hold (from the backend's pool). */
function allocMask(args: KernelArgs, n: number): Float32Array {
  return alloc(args.backend, Math.max(1, Math.ceil(n / 4)));
}

const blockForward: NativeKernel = (args, addon) => {
  const { x, filter, bias } = args.inputs;
  const xv = f32(args.backend, x);
  const wv = f32(args.backend, filter);
  const bv = bias ? f32(args.backend, bias) : null;
  if (!x || !filter || !xv || !wv || (bias && !bv)) return null;
  const g = blockGeometry(x.shape, filter.shape, args.attrs);
  if (bias && sizeOf(bias.shape) !== filter.shape[3]) {
    throw new Error(`convBlock: bias has shape [${bias.shape}], needs ${filter.shape[3]} values`);
  }
  const n = sizeOf(g.yShape);
  const y = alloc(args.backend, n);
  // The mask only when a gradient may be asked for, and only with a pool.
  const withMask = g.pooled && args.attrs?.withMask !== false;
  const mask = allocMask(args, withMask ? n : 0);
  addon.convBlock(xv, wv, bv, y, withMask ? maskBytes(mask, n) : null, g.params);
  // The mask leaves as a handle of shape [1] whose array holds all the bytes: tfjs hands a
  // gradient function zeros the size of every output that has no gradient (as attention.ts).
  return [output(args.backend, [...g.yShape], y), output(args.backend, [1], mask)];
};

const blockBackward: NativeKernel = (args, addon) => {
  const { dy, x, filter, y, mask } = args.inputs;
  const b = args.backend;
  const views = [dy, x, filter, y, mask].map((t) => f32(b, t));
  if (views.some((v) => !v) || !x || !filter) return null;
  const [dyv, xv, wv, yv, mv] = views as Float32Array[];
  const g = blockGeometry(x.shape, filter.shape, args.attrs);
  const n = sizeOf(g.yShape);
  if (g.pooled && mv!.length * 4 < n) {
    throw new Error('convBlockGrad: the mask handle does not come from a convBlock with a pool');
  }
  const needInput = args.attrs?.computeInput !== false;
  const needWeights = args.attrs?.computeWeights !== false;
  const dx = needInput ? alloc(b, sizeOf(x.shape)) : null;
  const dw = needWeights ? alloc(b, sizeOf(filter.shape)) : null;
  const db = needWeights ? alloc(b, filter.shape[3]!) : null;
  const relu = args.attrs?.activation === 'relu';
  addon.convBlockGrad(
    dyv!,
    xv!,
    wv!,
    !g.pooled && relu ? yv! : null,
    g.pooled ? maskBytes(mv!, n) : null,
    dx,
    dw,
    db,
    g.params,
  );
  // Outputs not computed are [1]-shaped placeholders the gradient function never hands out.
  const out = (values: Float32Array | null, shape: number[]): TensorInfo =>
    values ? output(b, shape, values) : output(b, [1], new Float32Array(1));
  return [out(dx, [...x.shape]), out(dw, [...filter.shape]), out(db, [filter.shape[3]!])];
};

export const convBlockKernels: Record<string, NativeKernel> = {
  [K.convBlock]: blockForward,
  [K.convBlockGrad]: blockBackward,
};
