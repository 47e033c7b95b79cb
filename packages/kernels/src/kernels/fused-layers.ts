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

/**
 * Geometry of an attention call: `packed` when the input is one [batch, time, 3·width]
 * projection (queries, keys and values as column blocks), else separate q, k, v tensors.
 */
function attentionDims(args: KernelArgs, packed: boolean) {
  const main = shapeOf(args, packed ? 'qkv' : 'q');
  const [batch, time, cols] = main as [number, number, number];
  const width = packed ? cols / 3 : cols;
  const heads = Number(args.attrs?.numHeads);
  if (main.length !== 3 || !Number.isInteger(width)) {
    throw new Error(
      `attention: expected [batch, time, ${packed ? '3·width' : 'width'}], got [${main}]`,
    );
  }
  if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0) {
    throw new Error(`attention: width ${width} does not split into ${heads} heads`);
  }
  if (!packed) {
    for (const name of ['k', 'v']) {
      const shape = shapeOf(args, name);
      if (shape.join() !== main.join()) {
        throw new Error(`attention: ${name} has shape [${shape}], q has [${main}]`);
      }
    }
  }
  if (args.inputs.mask) {
    const shape = shapeOf(args, 'mask');
    if (shape.join() !== [batch, time].join()) {
      throw new Error(`attention: the mask must be [${batch}, ${time}], got [${shape}]`);
    }
  }
  return {
    dims: new Int32Array([batch, time, heads, width / heads, cols]),
    width,
    out: [batch, time, width],
    probs: [batch, heads, time, time],
  };
}

/** q, k, v views: three tensors, or three column blocks of one packed array. */
function qkvViews(
  args: KernelArgs,
  packed: boolean,
  width: number,
  temps: Float32Array[],
): [Float32Array, Float32Array, Float32Array] | null {
  if (!packed)
    return views(args, ['q', 'k', 'v'], temps) as [Float32Array, Float32Array, Float32Array] | null;
  const all = f32(args.backend, args.inputs.qkv, temps);
  return all ? [all, all.subarray(width), all.subarray(2 * width)] : null;
}

function attentionForward(packed: boolean): NativeKernel {
  return (args, addon) => {
    const temps: Float32Array[] = [];
    const { dims, width, out: outShape, probs } = attentionDims(args, packed);
    const qkv = qkvViews(args, packed, width, temps);
    const mask = args.inputs.mask ? f32(args.backend, args.inputs.mask, temps) : null;
    if (!qkv || (args.inputs.mask && !mask)) {
      releaseTemps(args.backend, temps);
      return null;
    }
    const { rate, seed, scale } = dropoutAttrs(args);
    const b = args.backend;
    const p = alloc(b, sizeOf(probs));
    const out = alloc(b, sizeOf(outShape));
    const attrScale = Number(args.attrs?.scale);
    const causal = Boolean(args.attrs?.causal);
    addon.attention(
      qkv[0],
      qkv[1],
      qkv[2],
      mask,
      p,
      out,
      dims,
      attrScale,
      rate,
      seed,
      scale,
      causal,
    );
    releaseTemps(b, temps);
    // The weights go out as a handle of shape [1] whose array is the whole [batch, heads,
    // time, time] block: tfjs hands a gradient function zeros of every output's size for the
    // outputs without a gradient, and 8 MB of zeros per step for an output nobody
    // differentiates is what an honest shape would cost. Only the gradient kernel reads it.
    return [output(b, outShape, out), output(b, [1], p)];
  };
}

function attentionBackward(packed: boolean): NativeKernel {
  return (args, addon) => {
    const temps: Float32Array[] = [];
    const { dims, width } = attentionDims(args, packed);
    const qkv = qkvViews(args, packed, width, temps);
    const rest = views(args, ['dy', 'probs'], temps);
    if (!qkv || !rest) {
      releaseTemps(args.backend, temps);
      return null;
    }
    const { rate, seed, scale } = dropoutAttrs(args);
    const b = args.backend;
    const shape = shapeOf(args, packed ? 'qkv' : 'q');
    const attrScale = Number(args.attrs?.scale);
    const grads = packed ? [alloc(b, sizeOf(shape))] : [0, 1, 2].map(() => alloc(b, sizeOf(shape)));
    const [dq, dk, dv] = packed
      ? [grads[0]!, grads[0]!.subarray(width), grads[0]!.subarray(2 * width)]
      : (grads as [Float32Array, Float32Array, Float32Array]);
    addon.attentionGrad(
      rest[0]!,
      qkv[0],
      qkv[1],
      qkv[2],
      rest[1]!,
      dq!,
      dk!,
      dv!,
      dims,
      attrScale,
      rate,
      seed,
      scale,
      Boolean(args.attrs?.causal),
    );
    releaseTemps(b, temps);
    // One output for the packed form (runKernel returns a lone tensor, not an array).
    return packed ? output(b, shape, grads[0]!) : grads.map((g) => output(b, shape, g));
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
    addon.layerNormGrad(
      dy,
      x,
      gamma,
      dx,
      dgamma,
      dbeta,
      rows,
      cols,
      Number(args.attrs?.epsilon ?? 1e-6),
    );
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
  [K.attention]: attentionForward(false),
  [K.attentionGrad]: attentionBackward(false),
  [K.attentionQkv]: attentionForward(true),
  [K.attentionQkvGrad]: attentionBackward(true),
};
