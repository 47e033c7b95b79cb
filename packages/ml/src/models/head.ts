import * as tf from '@tensorflow/tfjs';

/** The output layer a model ends in, chosen from the task and the loss. */
export interface ModelHead {
  /** Output units: classes for softmax, 1 for a binary sigmoid or a single regression target. */
  units: number;
  activation: 'softmax' | 'sigmoid' | 'linear';
}

/** softmax over `classes` units: what categorical and sparse categorical cross-entropy expect. */
export function softmaxHead(classes: number): ModelHead {
  return { units: classes, activation: 'softmax' };
}

/** The dense output layer of `head`, seeded. */
export function headLayer(head: ModelHead, seed: number, name = 'head'): tf.layers.Layer {
  return tf.layers.dense({
    units: head.units,
    activation: head.activation,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    name,
  });
}

/** The first layer for an example of `shape`: flattens images, passes feature vectors through. */
export function inputLayer(shape: number[]): tf.layers.Layer {
  return shape.length === 1
    ? tf.layers.inputLayer({ inputShape: shape })
    : tf.layers.flatten({ inputShape: shape });
}
