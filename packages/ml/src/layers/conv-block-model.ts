// Runs a Sequential model with its convolution blocks fused: each Conv2D layer (linear or ReLU,
// channels-last) and the MaxPooling2D right after it, if any, go through one `convBlock` op,
// the other layers through their own `apply`. The model itself is not changed: it keeps its
// stock layer classes, so what is saved loads in plain TensorFlow.js (a browser, a server
// without Qudao); the fusion is how the platform runs it, not what it stores.
import { FUSED_KERNELS as K } from '@qudao/kernels/portable';
import * as tf from '@tensorflow/tfjs';
import { type BlockPool, type ConvBlockOptions, convBlock } from './conv-block.ts';
import { hasFusedKernel } from './fused-ops.ts';

type Kwargs = { training?: boolean };

interface BlockStep {
  conv: tf.layers.Layer;
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  options: ConvBlockOptions;
}
type Step = { layer: tf.layers.Layer } | BlockStep;

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)];

const channelsLast = (c: tf.serialization.ConfigDict) =>
  c.dataFormat == null || c.dataFormat === 'channelsLast';

function poolOf(layer: tf.layers.Layer | undefined): BlockPool | null {
  if (layer?.getClassName() !== 'MaxPooling2D') return null;
  const c = layer.getConfig();
  if (!channelsLast(c) || (c.padding !== 'valid' && c.padding !== 'same')) return null;
  const poolSize = pair(c.poolSize);
  return { poolSize, strides: c.strides == null ? poolSize : pair(c.strides), padding: c.padding };
}

/** The block of a Conv2D layer, or null when it has settings the fused kernel lacks. */
function blockOf(layer: tf.layers.Layer, pool: BlockPool | null, first: boolean): BlockStep | null {
  if (layer.getClassName() !== 'Conv2D' || !layer.built) return null;
  const c = layer.getConfig();
  // An activity regularizer is the layer's own business (tfjs-layers refuses it eagerly).
  if (c.activityRegularizer != null) return null;
  const activation = String(c.activation ?? 'linear');
  if (!channelsLast(c) || (activation !== 'linear' && activation !== 'relu')) return null;
  if (c.padding !== 'valid' && c.padding !== 'same') return null;
  const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'));
  const bias =
    c.useBias === false ? null : layer.weights.find((w) => w.originalName.endsWith('/bias'));
  if (!kernel || bias === undefined) return null;
  return {
    conv: layer,
    kernel,
    bias,
    options: {
      strides: pair(c.strides),
      padding: c.padding,
      dilationRate: pair(c.dilationRate ?? 1),
      activation,
      pool,
      // The first layer's input is the data itself.
      inputGradient: !first,
    },
  };
}

/** The steps of a Sequential model, or null when it has no block to fuse. */
export function planConvBlocks(model: tf.Sequential): Step[] | null {
  const steps: Step[] = [];
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  let fused = 0;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const pool = poolOf(layers[i + 1]);
    const block = blockOf(layer, pool, i === 0);
    if (!block) {
      steps.push({ layer });
      continue;
    }
    steps.push(block);
    fused++;
    if (pool) i++;
  }
  return fused > 0 ? steps : null;
}

const plans = new WeakMap<tf.LayersModel, { layers: number; steps: Step[] | null }>();

function planFor(model: tf.LayersModel): Step[] | null {
  if (!(model instanceof tf.Sequential)) return null;
  const cached = plans.get(model);
  // A Sequential model can still grow (model.add): plan again when it has.
  if (cached && cached.layers === model.layers.length) return cached.steps;
  const steps = planConvBlocks(model);
  plans.set(model, { layers: model.layers.length, steps });
  return steps;
}

/**
 * `model.apply(x, kwargs)`, with the convolution blocks of a Sequential model as single fused
 * ops on a backend that has them ('qudao-cpu'); any other model or backend runs `apply`.
 */
export function applyModel(model: tf.LayersModel, x: tf.Tensor, kwargs: Kwargs = {}): tf.Tensor {
  const steps = hasFusedKernel(K.convBlock) ? planFor(model) : null;
  if (!steps) return model.apply(x, kwargs) as tf.Tensor;
  return tf.tidy(() => {
    let h = x;
    for (const step of steps) {
      if ('layer' in step) {
        h = step.layer.apply(h, kwargs) as tf.Tensor;
        continue;
      }
      h = convBlock(
        h as tf.Tensor4D,
        step.kernel.read() as tf.Tensor4D,
        (step.bias?.read() as tf.Tensor1D | undefined) ?? null,
        step.options,
      );
    }
    return h;
  });
}
