import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from '../layers/seeded-dropout.ts';
import { headLayer, inputLayer, type ModelHead, softmaxHead } from './head.ts';

/** Options of the `mlp` template. */
export interface MlpArgs {
  /** Shape of one example; images are flattened first. */
  inputShape: number[];
  /** Classes of the softmax head (ignored when `head` is given). */
  classes?: number;
  /** Output layer (default softmax over `classes`). */
  head?: ModelHead;
  /** Sizes of the hidden layers (default [128]). */
  hidden?: number[];
  /** Activation of the hidden layers (default relu). */
  activation?: 'relu' | 'tanh' | 'sigmoid' | 'gelu';
  /** Dropout after each hidden layer (default 0). */
  dropout?: number;
  /** Adam learning rate of `createMlp` (default 0.001). */
  learningRate?: number;
  seed?: number;
}

/** A multi-layer perceptron: [Flatten] → Dense(activation) [→ Dropout]… → head. Not compiled. */
export function buildMlp(args: MlpArgs): tf.LayersModel {
  const seed = args.seed ?? 42;
  const head = args.head ?? softmaxHead(args.classes ?? 2);
  const model = tf.sequential({ name: 'mlp' });
  model.add(inputLayer(args.inputShape));
  (args.hidden ?? [128]).forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: args.activation ?? 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i + 1 }),
      }),
    );
    if (args.dropout) model.add(new SeededDropout({ rate: args.dropout, seed: seed + 50 + i }));
  });
  model.add(headLayer(head, seed + 100, `dense_head`));
  return model;
}

/** The MLP classifier compiled with Adam and categorical cross-entropy (for `trainImageClassifier`). */
export function createMlp(args: MlpArgs): tf.LayersModel {
  const model = buildMlp(args);
  model.compile({
    optimizer: tf.train.adam(args.learningRate ?? 0.001),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
