// Compiled inference for Sequential models on 'qudao-cpu': the layers become a fixed list of
// native calls on arrays allocated once per batch size, with no tfjs engine in between (no
// tensor bookkeeping, no tape, no scopes, no per-call allocation but the result). For one
// image that bookkeeping costs more than the arithmetic; it also feeds the garbage collector,
// which is what a serving endpoint's tail latency is made of.
//
// Only the layers it knows compile (inference-steps.ts: Conv2D, MaxPooling2D, AveragePooling2D,
// Flatten, Dense, Dropout, Activation, ReLU with float32 NHWC data and the activations the
// native kernels have); anything else makes `compileInference` return null and the caller runs
// the model through tfjs. A linear or ReLU Conv2D, with the MaxPooling2D after it if there is
// one, runs as one fused convolution block (native/conv_block.h): no convolution output is
// written. Weights are read at every call (the arrays behind the layers' variables), so a model
// trained further after compiling still infers with its current weights.
import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAME } from './constants.ts';
import {
  blockPool,
  COPY_STEPS,
  convStep,
  type Step,
  size,
  stepFor,
  valuesOf,
  weightsOf,
} from './inference-steps.ts';
import { loadAddon } from './native.ts';

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
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    // A Conv2D and the MaxPooling2D after it run as one block when the block takes them.
    const pool = layer.getClassName() === 'Conv2D' ? blockPool(layers[i + 1]) : null;
    const fused = pool ? convStep(layer, shape, pool) : null;
    const step = fused ?? stepFor(layer, shape);
    if (!step) return null;
    if (fused) i++;
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
