// Compiled inference for Sequential models on 'qudao-cpu': the layers become a fixed list of
// native calls on arrays allocated once per batch size, with no tfjs engine in between (no
// tensor bookkeeping, no tape, no scopes, no per-call allocation but the result). For one
// image that bookkeeping costs more than the arithmetic; it also feeds the garbage collector,
// which is what a serving endpoint's tail latency is made of.
//
// Only the layers it knows compile (Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dense,
// Dropout, Activation, ReLU with float32 NHWC data and the activations the native kernels
// have); anything else makes `compileInference` return null and the caller runs the model
// through tfjs. Weights are read at every call (the arrays behind the layers' variables), so
// a model trained further after compiling still infers with its current weights.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { backend_util } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from './constants.ts';
import { convParams } from './kernels/conv.ts';
import { poolParams } from './kernels/pool.ts';
import { ACTIVATIONS } from './kernels/util.ts';
import { loadAddon, type NativeAddon } from './native.ts';

type Shape4 = [number, number, number, number];

/** One compiled layer: writes the output for `batch` inputs into `out`. */
interface Step {
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

export interface InferencePlan {
  /** Shape of one input example, e.g. [28, 28, 1]. */
  readonly inputShape: number[];
  /** Shape of one output example, e.g. [10]. */
  readonly outputShape: number[];
  /** Runs `batch` examples laid out one after the other; returns a new array. */
  run(input: Float32Array, batch: number): Float32Array;
  /**
   * Runs a float32 tensor of shape [batch, ...inputShape] on 'qudao-cpu' and returns the
   * output tensor, or null when the tensor does not fit (other shape, dtype or backend).
   */
  predict(x: tf.Tensor): tf.Tensor | null;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Steps that only copy (Flatten, Dropout, a linear activation): left out of the plan. */
const COPY_STEPS = new WeakSet<Step>();
function copyStep(shape: number[]): Step {
  const step: Step = { shape, run: (_a, x, out) => out.set(x) };
  COPY_STEPS.add(step);
  return step;
}

/** The current float32 values of a variable on the active backend, or null. */
function valuesOf(t: tf.Tensor): Float32Array | null {
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

function weightsOf(layer: tf.layers.Layer): Float32Array[] | null {
  const out: Float32Array[] = [];
  for (const w of layer.weights) {
    const v = valuesOf(w.read());
    if (!v) return null;
    out.push(v);
  }
  return out;
}

function convStep(layer: tf.layers.Layer, inShape: number[]): Step | null {
  const c = layer.getConfig();
  if (inShape.length !== 3 || (c.dataFormat ?? 'channelsLast') !== 'channelsLast') return null;
  if (c.padding !== 'valid' && c.padding !== 'same') return null;
  const act = activation(c.activation);
  if (!act) return null;
  const [kh, kw] = pair(c.kernelSize);
  const filters = Number(c.filters);
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

function stepFor(layer: tf.layers.Layer, inShape: number[]): Step | null {
  switch (layer.getClassName()) {
    case 'Conv2D':
      return convStep(layer, inShape);
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

/** Buffers for at most this many batch sizes are kept (the most recently used). */
const KEPT_BATCH_SIZES = 4;
/** Buffers of a batch size above this many floats (64 MB) are used once and not kept. */
const KEPT_FLOATS = 16 * 1024 * 1024;

/**
 * Compiles a Sequential model for inference on 'qudao-cpu', or returns null when the addon is
 * not loaded, the model has a layer or setting the plan does not know, or its input shape is
 * not fully known.
 */
export function compileInference(model: tf.LayersModel): InferencePlan | null {
  const loaded = loadAddon();
  if (!loaded.ok || !(model instanceof tf.Sequential)) return null;
  const addon = loaded.addon;
  const declared = model.inputs[0]?.shape;
  if (!declared || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const inputShape = declared.slice(1);
  if (inputShape.some((d) => typeof d !== 'number' || d < 1)) return null;
  const steps: Step[] = [];
  let shape = inputShape as number[];
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const step = stepFor(layer, shape);
    if (!step) return null;
    steps.push(step);
    shape = step.shape;
  }
  // Data stays in NHWC order, so the steps that only copy are left out.
  const compute = steps.filter((s) => !COPY_STEPS.has(s));
  const buffers = new Map<number, Float32Array[]>();
  const buffersFor = (batch: number) => {
    let b = buffers.get(batch);
    if (b) {
      buffers.delete(batch);
    } else {
      b = compute.map((s) => new Float32Array(batch * size(s.shape)));
      if (b.reduce((n, a) => n + a.length, 0) > KEPT_FLOATS) return b;
      if (buffers.size >= KEPT_BATCH_SIZES) buffers.delete(buffers.keys().next().value!);
    }
    buffers.set(batch, b);
    return b;
  };
  const inputSize = size(inputShape as number[]);
  const outputShape = shape;
  /** Every compute step's weights as they are now, or null when one is not readable. */
  const currentWeights = (): Float32Array[][] | null => {
    const all: Float32Array[][] = [];
    for (const step of compute) {
      const w = step.layer ? weightsOf(step.layer) : [];
      if (!w) return null;
      all.push(w);
    }
    return all;
  };
  const execute = (input: Float32Array, batch: number, weights: Float32Array[][]) => {
    const bufs = buffersFor(batch);
    let x = input;
    for (let i = 0; i < compute.length; i++) {
      compute[i]!.run(addon, x, bufs[i]!, batch, weights[i]!);
      x = bufs[i]!;
    }
    return x.slice();
  };
  return {
    inputShape: inputShape as number[],
    outputShape,
    run(input, batch) {
      if (!Number.isInteger(batch) || batch < 1 || input.length !== batch * inputSize) {
        throw new Error(
          `expected ${batch} inputs of shape [${inputShape}] (${batch * inputSize} values), got ${input.length}`,
        );
      }
      const weights = currentWeights();
      if (!weights) throw new Error(`the model's weights are not float32 on ${BACKEND_NAME}`);
      return execute(input, batch, weights);
    },
    predict(x) {
      if (x.dtype !== 'float32' || tf.getBackend() !== BACKEND_NAME) return null;
      const [batch, ...rest] = x.shape;
      if (!batch || rest.length !== inputShape.length || rest.some((d, i) => d !== inputShape[i])) {
        return null;
      }
      const values = valuesOf(x);
      // Weights the plan cannot read in place (another dtype or backend): the caller's path.
      const weights = currentWeights();
      if (!values || !weights) return null;
      return tf.tensor(execute(values, batch, weights), [batch, ...outputShape], 'float32');
    },
  };
}
