import * as tf from '@tensorflow/tfjs';
import { headLayer, type ModelHead, softmaxHead } from './head.ts';

/** Options of the `cnn` template. */
export interface CnnArgs {
  /** [height, width, channels] of one image, e.g. [28, 28, 1]. */
  inputShape: [number, number, number];
  /** Number of classes of the softmax head. */
  classes: number;
  /** Adam learning rate (default 0.001). */
  learningRate?: number;
  /** Seed of the weight initialisers: the same seed gives the same initial weights. */
  seed?: number;
  /** Output layer (default softmax over `classes`). */
  head?: ModelHead;
}

/** The cnn layers without compiling them (train with `fit`). */
export function buildCnn(args: CnnArgs): tf.Sequential {
  const seed = args.seed ?? 42;
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const model = tf.sequential({ name: 'cnn' });
  model.add(
    tf.layers.conv2d({
      inputShape: args.inputShape,
      filters: 32,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(1),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(
    tf.layers.conv2d({
      filters: 64,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(2),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(
    tf.layers.conv2d({
      filters: 64,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(3),
    }),
  );
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(4) }));
  model.add(headLayer(args.head ?? softmaxHead(args.classes), seed + 5, 'dense_head'));
  return model;
}

/**
 * The classic image classifier: Conv2D(32,3x3,relu) → MaxPool(2) → Conv2D(64,3x3,relu) →
 * MaxPool(2) → Conv2D(64,3x3,relu) → Flatten → Dense(64,relu) → Dense(classes,softmax),
 * compiled with Adam and categorical cross-entropy.
 */
export function createCnn(args: CnnArgs): tf.LayersModel {
  const model = buildCnn(args);
  model.compile({
    optimizer: tf.train.adam(args.learningRate ?? 0.001),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
