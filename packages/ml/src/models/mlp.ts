import * as tf from '@tensorflow/tfjs';

/** Options of the `mlp` template. */
export interface MlpArgs {
  /** Shape of one example; it is flattened first. */
  inputShape: number[];
  classes: number;
  /** Sizes of the hidden ReLU layers (default [128]). */
  hidden?: number[];
  learningRate?: number;
  seed?: number;
}

/** A multi-layer perceptron classifier: Flatten → Dense(relu)… → Dense(classes, softmax), Adam. */
export function createMlp(args: MlpArgs): tf.LayersModel {
  const seed = args.seed ?? 42;
  const model = tf.sequential({ name: 'mlp' });
  model.add(tf.layers.flatten({ inputShape: args.inputShape }));
  (args.hidden ?? [128]).forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i + 1 }),
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: args.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }),
    }),
  );
  model.compile({
    optimizer: tf.train.adam(args.learningRate ?? 0.001),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
