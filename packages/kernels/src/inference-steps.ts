// The layers a compiled inference plan knows (inference-plan.ts), each as a native step on
// arrays: Conv2D (with the MaxPooling2D after it as one fused block), MaxPooling2D,
// AveragePooling2D, Dense, Activation, ReLU, and the layers that only copy (Flatten, Dropout).
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { backend_util } from '@tensorflow/tfjs-core';
import { convParams } from './kernels/conv.ts';
import { blockGeometry } from './kernels/conv-block.ts';
import { poolParams } from './kernels/pool.ts';
import { ACTIVATIONS } from './kernels/util.ts';
import type { NativeAddon } from './native.ts';

type Shape4 = [number, number, number, number];

/** One compiled layer: writes the output for `batch` inputs into `out`. */
export interface Step {
  /** Output shape of one example. */
  shape: number[];
  /** The layer whose weights `run` receives (read at every call), if it has any. */
  layer?: tf.layers.Layer;
  run(
    addon: NativeAddon,
    x: Float32Array,
    out: Float32Array,
    batch: number,
    weights: Float32Array[],
  ): void;
}

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Steps that only copy (Flatten, Dropout, a linear activation): left out of the plan. */
export const COPY_STEPS = new WeakSet<Step>();
function copyStep(shape: number[]): Step {
  const step: Step = { shape, run: (_a, x, out) => out.set(x) };
  COPY_STEPS.add(step);
  return step;
}

/** The current float32 values of a variable on the active backend, or null. */
export function valuesOf(t: tf.Tensor): Float32Array | null {
  const backend = tf.engine().backend as MathBackendCPU;
  const values = backend.data?.get(t.dataId)?.values;
  return values instanceof Float32Array ? values : null;
}

/** Memoizes a layer's native parameter block per batch size. */
function perBatch(make: (batch: number) => Int32Array): (batch: number) => Int32Array {
  const cache = new Map<number, Int32Array>();
  return (batch) => {
    let p = cache.get(batch);
    if (!p) {
      p = make(batch);
      cache.set(batch, p);
    }
    return p;
  };
}

/** Unary kernels (native/kernels.h UnaryOp) for activations the fused kernels lack. */
const UNARY_ACTIVATIONS: Record<string, number> = { relu: 0, relu6: 1, sigmoid: 10, tanh: 11 };

/** How a layer applies its activation: fused into the kernel, or as a pass over the output. */
interface Activation {
  fused: number;
  after?: (addon: NativeAddon, out: Float32Array, rows: number, cols: number) => void;
}

function activation(name: unknown): Activation | null {
  const n = String(name ?? 'linear').toLowerCase();
  const fused = ACTIVATIONS[n];
  // leakyrelu and elu carry an alpha the layer config does not expose here: not compiled.
  if (fused !== undefined && n !== 'leakyrelu' && n !== 'elu') return { fused };
  if (n === 'softmax')
    return { fused: 0, after: (a, out, rows, cols) => a.softmax(out, out, rows, cols) };
  const op = UNARY_ACTIVATIONS[n];
  if (op === undefined) return null;
  return { fused: 0, after: (a, out) => a.unary(op, out, out, 0) };
}

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)];

export function weightsOf(layer: tf.layers.Layer): Float32Array[] | null {
  const out: Float32Array[] = [];
  for (const w of layer.weights) {
    const v = valuesOf(w.read());
    if (!v) return null;
    out.push(v);
  }
  return out;
}

/** A MaxPooling2D layer's window, strides and padding, when a conv block can take it. */
export function blockPool(layer: tf.layers.Layer | undefined) {
  if (layer?.getClassName() !== 'MaxPooling2D') return null;
  const c = layer.getConfig();
  if ((c.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  if (c.padding !== 'valid' && c.padding !== 'same') return null;
  const poolSize = pair(c.poolSize);
  return {
    poolSize,
    poolStrides: c.strides == null ? poolSize : pair(c.strides),
    poolPad: c.padding,
  };
}

/**
 * A Conv2D layer, and the MaxPooling2D after it when `pool` is given: one native convolution
 * block (Winograd or the small-filter path where they apply, the pool in the same pass) for
 * linear and ReLU, the plain convolution and a pass over its output for other activations.
 */
export function convStep(
  layer: tf.layers.Layer,
  inShape: number[],
  pool: ReturnType<typeof blockPool>,
): Step | null {
  const c = layer.getConfig();
  if (inShape.length !== 3 || (c.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  if (c.padding !== 'valid' && c.padding !== 'same') return null;
  const act = activation(c.activation);
  if (!act) return null;
  const [kh, kw] = pair(c.kernelSize);
  const filters = Number(c.filters);
  const name = String(c.activation ?? 'linear').toLowerCase();
  if (name === 'linear' || name === 'relu') {
    const attrs = {
      strides: pair(c.strides),
      dilations: pair(c.dilationRate ?? 1),
      pad: c.padding,
      activation: name,
      ...(pool ?? {}),
    };
    const filterShape = [kh, kw, inShape[2]!, filters];
    const one = blockGeometry([1, ...inShape], filterShape, attrs);
    const paramsFor = perBatch(
      (batch) => blockGeometry([batch, ...inShape], filterShape, attrs).params,
    );
    return {
      shape: one.yShape.slice(1),
      layer,
      run(addon, x, out, batch, w) {
        const bias = c.useBias === false ? null : (w[1] ?? null);
        addon.convBlock(x, w[0]!, bias, out, null, paramsFor(batch));
      },
    };
  }
  if (pool) return null;
  const info = (batch: number) =>
    backend_util.computeConv2DInfo(
      [batch, ...inShape] as Shape4,
      [kh, kw, inShape[2]!, filters],
      pair(c.strides),
      pair(c.dilationRate ?? 1),
      c.padding as 'valid' | 'same',
    );
  const one = info(1);
  const paramsFor = perBatch((batch) => convParams(info(batch)));
  const shape = [one.outHeight, one.outWidth, filters];
  const rows = one.outHeight * one.outWidth;
  return {
    shape,
    layer,
    run(addon, x, out, batch, w) {
      const bias = c.useBias === false ? null : (w[1] ?? null);
      addon.conv2d(x, w[0]!, bias, out, paramsFor(batch), act.fused, 0);
      act.after?.(addon, out, batch * rows, filters);
    },
  };
}

function poolStep(layer: tf.layers.Layer, inShape: number[], max: boolean): Step | null {
  const c = layer.getConfig();
  if (inShape.length !== 3 || (c.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  if (c.padding !== 'valid' && c.padding !== 'same') return null;
  const poolSize = pair(c.poolSize);
  const strides = c.strides == null ? poolSize : pair(c.strides);
  const info = (batch: number) =>
    backend_util.computePool2DInfo(
      [batch, ...inShape] as Shape4,
      poolSize,
      strides,
      1,
      c.padding as 'valid' | 'same',
    );
  const one = info(1);
  const paramsFor = perBatch((batch) => poolParams(info(batch)));
  return {
    shape: [one.outHeight, one.outWidth, inShape[2]!],
    run(addon, x, out, batch) {
      (max ? addon.maxPool : addon.avgPool)(x, out, paramsFor(batch));
    },
  };
}

function denseStep(layer: tf.layers.Layer, inShape: number[]): Step | null {
  const c = layer.getConfig();
  const act = activation(c.activation);
  if (!act || inShape.length < 1) return null;
  const units = Number(c.units);
  const K = inShape[inShape.length - 1]!;
  const rowsPerExample = size(inShape) / K;
  const dims = new Int32Array([1, 1, 1, 0, units, K, 0, 0]);
  return {
    shape: [...inShape.slice(0, -1), units],
    layer,
    run(addon, x, out, batch, w) {
      const bias = c.useBias === false ? null : (w[1] ?? null);
      dims[3] = batch * rowsPerExample;
      addon.matmul(x, w[0]!, out, bias, dims, act.fused, 0);
      act.after?.(addon, out, batch * rowsPerExample, units);
    },
  };
}

function activationStep(layer: tf.layers.Layer, inShape: number[]): Step | null {
  const c = layer.getConfig();
  const name = String(c.activation ?? 'linear').toLowerCase();
  const last = inShape[inShape.length - 1] ?? 1;
  if (name === 'softmax') {
    return {
      shape: inShape,
      run: (addon, x, out, batch) => addon.softmax(x, out, (batch * size(inShape)) / last, last),
    };
  }
  if (name === 'linear') return copyStep(inShape);
  const op = UNARY_ACTIVATIONS[name];
  if (op === undefined) return null;
  return { shape: inShape, run: (addon, x, out) => addon.unary(op, x, out, 0) };
}

export function stepFor(layer: tf.layers.Layer, inShape: number[]): Step | null {
  switch (layer.getClassName()) {
    case 'Conv2D':
      return convStep(layer, inShape, null);
    case 'MaxPooling2D':
      return poolStep(layer, inShape, true);
    case 'AveragePooling2D':
      return poolStep(layer, inShape, false);
    case 'Dense':
      return denseStep(layer, inShape);
    case 'Activation':
      return activationStep(layer, inShape);
    case 'ReLU': {
      const c = layer.getConfig();
      if (c.maxValue != null || (c.threshold ?? 0) !== 0 || (c.negativeSlope ?? 0) !== 0) {
        return null;
      }
      return { shape: inShape, run: (addon, x, out) => addon.unary(0, x, out, 0) };
    }
    case 'Flatten':
      // channelsFirst flattens a transposed copy: not compiled.
      if (layer.getConfig().dataFormat === 'channelsFirst' && inShape.length > 1) return null;
      return copyStep([size(inShape)]);
    case 'Dropout':
    case 'QudaoSeededDropout':
      return copyStep(inShape);
    default:
      return null;
  }
}
