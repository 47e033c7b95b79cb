import * as tf from '@tensorflow/tfjs';
import { LayerNormalization } from '../layers/layer-normalization.ts';
import { MaskedMeanPooling } from '../layers/masked-mean-pooling.ts';
import { MultiHeadSelfAttention } from '../layers/multi-head-attention.ts';
import { SeededDropout } from '../layers/seeded-dropout.ts';
import { TokenEmbedding } from '../layers/token-embedding.ts';
import { TokenAndPositionEmbedding } from '../layers/token-position-embedding.ts';
import { headLayer, type ModelHead } from './head.ts';

/** One layer of a JSON model: `type` plus the arguments of that TensorFlow.js layer. */
export interface LayerSpec {
  type: string;
  [arg: string]: unknown;
}

/** A JSON layer spec that cannot be built; the message names the layer at fault. */
export class LayerSpecError extends Error {
  readonly code = 'training.bad_layer_spec';
  constructor(message: string) {
    super(message);
    this.name = 'LayerSpecError';
  }
}

// biome-ignore lint/suspicious/noExplicitAny: layer arguments come from JSON and are checked by the layers
type Factory = (args: any) => tf.layers.Layer;

/** Layers a JSON spec may use; weighted layers get seeded initialisers unless they name one. */
const FACTORIES: Record<string, { create: Factory; seeded?: string[] }> = {
  dense: { create: tf.layers.dense, seeded: ['kernelInitializer'] },
  conv1d: { create: tf.layers.conv1d, seeded: ['kernelInitializer'] },
  conv2d: { create: tf.layers.conv2d, seeded: ['kernelInitializer'] },
  maxPooling1d: { create: tf.layers.maxPooling1d },
  maxPooling2d: { create: tf.layers.maxPooling2d },
  averagePooling2d: { create: tf.layers.averagePooling2d },
  globalAveragePooling1d: { create: tf.layers.globalAveragePooling1d },
  globalMaxPooling1d: { create: tf.layers.globalMaxPooling1d },
  globalAveragePooling2d: { create: tf.layers.globalAveragePooling2d },
  flatten: { create: tf.layers.flatten },
  reshape: { create: tf.layers.reshape },
  activation: { create: tf.layers.activation },
  batchNormalization: { create: tf.layers.batchNormalization },
  layerNormalization: { create: (args) => new LayerNormalization(args) },
  dropout: { create: (args) => new SeededDropout(args) },
  embedding: { create: (args) => new TokenEmbedding(args) },
  lstm: { create: tf.layers.lstm, seeded: ['kernelInitializer'] },
  gru: { create: tf.layers.gru, seeded: ['kernelInitializer'] },
  tokenAndPositionEmbedding: { create: (args) => new TokenAndPositionEmbedding(args) },
  multiHeadSelfAttention: { create: (args) => new MultiHeadSelfAttention(args) },
  maskedMeanPooling: { create: (args) => new MaskedMeanPooling(args) },
};

export function layerSpecTypes(): string[] {
  return Object.keys(FACTORIES);
}

/**
 * Builds a sequential model from a JSON list of layers, e.g.
 * `[{"type":"dense","units":32,"activation":"relu"},{"type":"dropout","rate":0.1}]`. The first
 * layer receives the data's input shape and the head that fits the task and loss is appended,
 * so the same spec serves any data of the right shape. Not compiled.
 */
export function buildFromLayerSpec(
  layers: unknown,
  options: { inputShape: number[]; head: ModelHead; seed: number },
): tf.LayersModel {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new LayerSpecError('a layer spec is a non-empty JSON array of {"type": …} objects');
  }
  const model = tf.sequential({ name: 'layer_spec' });
  layers.forEach((raw, i) => {
    const where = `layer ${i + 1}`;
    if (raw === null || typeof raw !== 'object' || typeof (raw as LayerSpec).type !== 'string') {
      throw new LayerSpecError(`${where} must be an object with a "type"`);
    }
    const { type, ...args } = raw as LayerSpec;
    const factory = FACTORIES[type];
    if (!factory || !Object.hasOwn(FACTORIES, type)) {
      throw new LayerSpecError(
        `${where} has unknown type "${type}"; types: ${layerSpecTypes().join(', ')}`,
      );
    }
    for (const key of factory.seeded ?? []) {
      if (args[key] === undefined)
        args[key] = tf.initializers.glorotUniform({ seed: options.seed + i });
    }
    if (
      type === 'dropout' ||
      type === 'multiHeadSelfAttention' ||
      type === 'tokenAndPositionEmbedding'
    ) {
      args.seed ??= options.seed + i;
    }
    if (i === 0) args.inputShape = options.inputShape;
    try {
      model.add(factory.create(args));
    } catch (error) {
      throw new LayerSpecError(`${where} (${type}): ${(error as Error).message}`);
    }
  });
  try {
    model.add(headLayer(options.head, options.seed + 1000, 'dense_head'));
  } catch (error) {
    throw new LayerSpecError(`the head after the last layer: ${(error as Error).message}`);
  }
  return model;
}
