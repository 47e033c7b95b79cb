// Kernels of whole Transformer layers (FUSED_KERNELS): layer normalisation, GELU, dropout and
// multi-head attention, forward and backward, each one native call. Their gradients are
// registered in fused-grads.ts; packages/ml calls them when the backend has them.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_KERNELS as K } from '../constants.ts';
import { dropoutScale } from '../dropout-mask.ts';
import type { NativeAddon } from '../native.ts';
import {
  alloc,
  f32,
  type KernelArgs,
  type NativeKernel,
  output,
  releaseTemps,
  sizeOf,
} from './util.ts';

/** Float32 views of the named inputs (null when one is missing or not float32). */
function views(
  { inputs, backend }: KernelArgs,
  names: string[],
  temps: Float32Array[],
): Float32Array[] | null {
  const out: Float32Array[] = [];
  for (const name of names) {
    const v = f32(backend, inputs[name], temps);
    if (!v) return null;
    out.push(v);
  }
  return out;
}

function withViews(
  names: string[],
  run: (args: KernelArgs, v: Float32Array[], addon: NativeAddon) => TensorInfo | TensorInfo[],
): NativeKernel {
  return (args, addon) => {
    const temps: Float32Array[] = [];
    const v = views(args, names, temps);
    const out = v ? run(args, v, addon) : null;
    releaseTemps(args.backend, temps);
    return out;
  };
}

const shapeOf = (args: KernelArgs, name: string): number[] => [
  ...(args.inputs[name] as TensorInfo).shape,
];

function rowsCols(shape: number[]): [number, number] {
  const cols = shape[shape.length - 1] ?? 1;
  return [cols > 0 ? sizeOf(shape) / cols : 0, cols];
}

function dropoutAttrs(args: KernelArgs): { rate: number; seed: number; scale: number } {
  const rate = Number(args.attrs?.rate ?? 0);
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1); got ${rate}`);
  return { rate, seed: Number(args.attrs?.seed ?? 0) >>> 0, scale: dropoutScale(rate) };
}

function attentionDims(args: KernelArgs): { dims: Int32Array; heads: number; probs: number[] } {
  const [batch, time, width] = shapeOf(args, 'q');
  const heads = Number(args.attrs?.numHeads);
  if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0) {
    throw new Error(`attention: width ${width} does not split into ${heads} heads`);
  }
  return {
    dims: new Int32Array([batch, time, heads, width / heads]),
    heads,
    probs: [batch, heads, time, time],
  };
}

export const fusedLayerKernels: Record<string, NativeKernel> = {
  [K.layerNorm]: withViews(['x', 'gamma', 'beta'], (args, [x, gamma, beta], addon) => {
    const shape = shapeOf(args, 'x');
    const [rows, cols] = rowsCols(shape);
    const y = alloc(args.backend, x.length);
    addon.layerNorm(x, gamma, beta, y, rows, cols, Number(args.attrs?.epsilon ?? 1e-6));
    return output(args.backend, shape, y);
  }),
  [K.layerNormGrad]: withViews(['dy', 'x', 'gamma'], (args, [dy, x, gamma], addon) => {
    const shape = shapeOf(args, 'x');
    const [rows, cols] = rowsCols(shape);
    const b = args.backend;
    const dx = alloc(b, x.length);
    const dgamma = alloc(b, cols);
    const dbeta = alloc(b, cols);
    addon.layerNormGrad(dy, x, gamma, dx, dgamma, dbeta, rows, cols, Number(args.attrs?.epsilon));
    return [output(b, shape, dx), output(b, [cols], dgamma), output(b, [cols], dbeta)];
  }),
  [K.gelu]: withViews(['x'], (args, [x], addon) => {
    const y = alloc(args.backend, x.length);
    addon.gelu(x, y);
    return output(args.backend, shapeOf(args, 'x'), y);
  }),
  [K.geluGrad]: withViews(['dy', 'x'], (args, [dy, x], addon) => {
    const dx = alloc(args.backend, x.length);
    addon.geluGrad(dy, x, dx);
    return output(args.backend, shapeOf(args, 'x'), dx);
  }),
  [K.dropout]: withViews(['x'], (args, [x], addon) => {
    const { rate, seed, scale } = dropoutAttrs(args);
    const y = alloc(args.backend, x.length);
    addon.dropout(x, y, rate, seed, scale);
    return output(args.backend, shapeOf(args, 'x'), y);
  }),
  [K.attention]: (args, addon) => {
    const temps: Float32Array[] = [];
    const qkv = views(args, ['q', 'k', 'v'], temps);
    const mask = args.inputs.mask ? f32(args.backend, args.inputs.mask, temps) : null;
    if (!qkv || (args.inputs.mask && !mask)) {
      releaseTemps(args.backend, temps);
      return null;
    }
    const { dims, probs } = attentionDims(args);
    const { rate, seed, scale } = dropoutAttrs(args);
    const b = args.backend;
    const p = alloc(b, sizeOf(probs));
    const out = alloc(b, qkv[0]!.length);
    addon.attention(
      qkv[0]!,
      qkv[1]!,
      qkv[2]!,
      mask,
      p,
      out,
      dims,
      Number(args.attrs?.scale),
      rate,
      seed,
      scale,
    );
    releaseTemps(b, temps);
    // The weights go out as a handle of shape [1] whose array is the whole [batch, heads,
    // time, time] block: tfjs hands a gradient function zeros of every output's size for the
    // outputs without a gradient, and 8 MB of zeros per step for an output nobody
    // differentiates is what an honest shape would cost. Only QudaoAttentionGrad reads it.
    return [output(b, shapeOf(args, 'q'), out), output(b, [1], p)];
  },
  [K.attentionGrad]: withViews(
    ['dy', 'q', 'k', 'v', 'probs'],
    (args, [dy, q, k, v, probs], addon) => {
      const { dims } = attentionDims(args);
      const { rate, seed, scale } = dropoutAttrs(args);
      const b = args.backend;
      const shape = shapeOf(args, 'q');
      const dq = alloc(b, q!.length);
      const dk = alloc(b, q!.length);
      const dv = alloc(b, q!.length);
      addon.attentionGrad(
        dy!,
        q!,
        k!,
        v!,
        probs!,
        dq,
        dk,
        dv,
        dims,
        Number(args.attrs?.scale),
        rate,
        seed,
        scale,
      );
      return [output(b, shape, dq), output(b, shape, dk), output(b, shape, dv)];
    },
  ),
};
