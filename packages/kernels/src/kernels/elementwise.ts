// Element-wise ops (with broadcasting), reductions and softmax.
import { backend_util, type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native.ts';
import { alloc, f32, type KernelArgs, output, releaseTemps, sizeOf } from './util.ts';

type Native = (a: KernelArgs, n: NativeAddon) => TensorInfo | null;

/**
 * Describes a broadcast as [rank, shape..., aStrides..., bStrides...] with size-1 axes dropped
 * and neighbouring axes that broadcast the same way merged, so the C++ loop walks as few and
 * as long rows as possible.
 */
export function broadcastDesc(aShape: number[], bShape: number[], outShape: number[]): Int32Array {
  const r = outShape.length;
  const sizes: number[] = [];
  const aB: boolean[] = [];
  const bB: boolean[] = [];
  for (let i = 0; i < r; i++) {
    const o = outShape[i];
    if (o === 1) continue;
    const ad = aShape[i - (r - aShape.length)] ?? 1;
    const bd = bShape[i - (r - bShape.length)] ?? 1;
    const ab = ad === 1;
    const bb = bd === 1;
    const last = sizes.length - 1;
    if (last >= 0 && aB[last] === ab && bB[last] === bb) {
      sizes[last] *= o;
    } else {
      sizes.push(o);
      aB.push(ab);
      bB.push(bb);
    }
  }
  if (sizes.length === 0) {
    sizes.push(1);
    aB.push(false);
    bB.push(false);
  }
  const n = sizes.length;
  const desc = new Int32Array(1 + 3 * n);
  desc[0] = n;
  let accA = 1;
  let accB = 1;
  for (let i = n - 1; i >= 0; i--) {
    desc[1 + i] = sizes[i];
    desc[1 + n + i] = aB[i] ? 0 : accA;
    desc[1 + 2 * n + i] = bB[i] ? 0 : accB;
    if (!aB[i]) accA *= sizes[i];
    if (!bB[i]) accB *= sizes[i];
  }
  return desc;
}

function binary(op: number): Native {
  return ({ inputs, backend }, addon) => {
    const { a, b } = inputs;
    const temps: Float32Array[] = [];
    const av = f32(backend, a, temps);
    const bv = f32(backend, b, temps);
    if (!a || !b || !av || !bv) {
      releaseTemps(backend, temps);
      return null;
    }
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = alloc(backend, sizeOf(outShape));
    if (out.length > 0) addon.binary(op, av, bv, out, broadcastDesc(a.shape, b.shape, outShape));
    releaseTemps(backend, temps);
    return output(backend, outShape, out);
  };
}

function unary(op: number, alphaAttr?: string, alphaDefault = 0): Native {
  return ({ inputs, backend, attrs }, addon) => {
    const { x } = inputs;
    const xv = f32(backend, x);
    if (!x || !xv) return null;
    const out = alloc(backend, xv.length);
    const alpha = alphaAttr ? Number(attrs?.[alphaAttr] ?? alphaDefault) : 0;
    addon.unary(op, xv, out, alpha);
    return output(backend, [...x.shape], out);
  };
}

function reduce(mean: boolean): Native {
  return ({ inputs, backend, attrs }, addon) => {
    const { x } = inputs;
    const xv = f32(backend, x);
    if (!x || !xv) return null;
    const shape = x.shape;
    const axes = util.parseAxisParam(attrs?.axis as number | number[], shape).sort((p, q) => p - q);
    for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1] + 1) return null;
    if (axes.length === 0) return null;
    const first = axes[0];
    const last = axes[axes.length - 1];
    const A = sizeOf(shape.slice(0, first));
    const R = sizeOf(shape.slice(first, last + 1));
    const B = sizeOf(shape.slice(last + 1));
    if (R === 0) return null;
    const outShape = attrs?.keepDims
      ? shape.map((d, i) => (i >= first && i <= last ? 1 : d))
      : shape.filter((_, i) => i < first || i > last);
    const out = alloc(backend, A * B);
    addon.reduceSum(xv, out, A, R, B, mean);
    return output(backend, outShape, out);
  };
}

/** dy * step(x): the fused ReLU gradient (see relu-grad.ts). */
const reluGrad: Native = ({ inputs, backend }, addon) => {
  const { dy, x } = inputs;
  if (!dy || !x) return null;
  const dv = f32(backend, dy);
  const xv = f32(backend, x);
  const out = alloc(backend, sizeOf(x.shape));
  if (dv && xv && dv.length === xv.length) {
    if (out.length > 0) addon.binary(7, dv, xv, out, new Int32Array([1, out.length, 1, 1]));
  } else {
    const d = backend.data.get(dy.dataId).values as ArrayLike<number>;
    const v = backend.data.get(x.dataId).values as ArrayLike<number>;
    for (let i = 0; i < out.length; i++)
      out[i] = d[i] * (Number.isNaN(v[i]) ? v[i] : v[i] > 0 ? 1 : 0);
  }
  return output(backend, [...x.shape], out);
};

const softmax: Native = ({ inputs, backend, attrs }, addon) => {
  const { logits } = inputs;
  const xv = f32(backend, logits);
  if (!logits || !xv || logits.shape.length === 0) return null;
  const rank = logits.shape.length;
  const dim = Number(attrs?.dim ?? -1);
  if (dim !== -1 && dim !== rank - 1) return null;
  const cols = logits.shape[rank - 1];
  const rows = cols === 0 ? 0 : xv.length / cols;
  const out = alloc(backend, xv.length);
  addon.softmax(xv, out, rows, cols);
  return output(backend, [...logits.shape], out);
};

/** The fused Softmax gradient over the last axis (see softmax-grad.ts); never declines. */
const softmaxGrad: Native = ({ inputs, backend }, addon) => {
  const { dy, y } = inputs;
  if (!dy || !y) return null;
  const n = sizeOf(y.shape);
  const cols = y.shape.length === 0 ? 1 : y.shape[y.shape.length - 1];
  const rows = cols === 0 ? 0 : n / cols;
  const temps: Float32Array[] = [];
  const dv = f32(backend, dy, temps);
  const yv = f32(backend, y, temps);
  const out = alloc(backend, n);
  if (dv && yv && dv.length === n && yv.length === n) {
    if (n > 0) addon.softmaxGrad(dv, yv, out, rows, cols);
  } else {
    const d = backend.data.get(dy.dataId).values as ArrayLike<number>;
    const v = backend.data.get(y.dataId).values as ArrayLike<number>;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += d[r * cols + c] * v[r * cols + c];
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        out[i] = d[i] * v[i] - s * v[i];
      }
    }
  }
  releaseTemps(backend, temps);
  return output(backend, [...y.shape], out);
};

export const elementwiseKernels: Record<string, Native> = {
  Add: binary(0),
  Sub: binary(1),
  Multiply: binary(2),
  RealDiv: binary(3),
  Maximum: binary(4),
  Minimum: binary(5),
  SquaredDifference: binary(6),
  Relu: unary(0),
  Relu6: unary(1),
  Step: unary(2, 'alpha', 0),
  Neg: unary(3),
  Square: unary(4),
  Sqrt: unary(5),
  Rsqrt: unary(6),
  Exp: unary(7),
  Log: unary(8),
  Abs: unary(9),
  Sigmoid: unary(10),
  Tanh: unary(11),
  Reciprocal: unary(12),
  LeakyRelu: unary(13, 'alpha', 0.2),
  Elu: unary(14),
  Erf: unary(16),
  Sum: reduce(false),
  Mean: reduce(true),
  Softmax: softmax,
  QudaoReluGrad: reluGrad,
  QudaoSoftmaxGrad: softmaxGrad,
};
