import * as tf from '@tensorflow/tfjs';
import { LOSS_NAMES, type LossName } from '../names.ts';

/** How the labels reach the loss: class indices, one-hot rows, or continuous targets. */
export type LabelEncoding = 'index' | 'one-hot' | 'continuous';

export function isLossName(name: string): name is LossName {
  return (LOSS_NAMES as readonly string[]).includes(name);
}

const EPSILON = 1e-7;

/**
 * The loss of each example (shape [batch]) for `yTrue` as `labelEncodingOf(loss)` gives it and
 * `yPred` from the matching head (softmax for the categorical losses, a sigmoid unit for binary
 * cross-entropy, linear units for regression). Per example so class weights can scale it.
 */
export function perExampleLoss(
  name: LossName,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: { huberDelta?: number } = {},
): tf.Tensor1D {
  return tf.tidy(() => {
    switch (name) {
      case 'categoricalCrossentropy':
        return tf.neg(tf.sum(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, EPSILON, 1))), -1));
      case 'sparseCategoricalCrossentropy': {
        const oneHot = tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), 'int32'), yPred.shape[1]!);
        return tf.neg(tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(yPred, EPSILON, 1))), -1));
      }
      case 'binaryCrossentropy': {
        const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
        const y = tf.reshape(yTrue, p.shape);
        const terms = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))));
        return tf.neg(tf.mean(terms, -1));
      }
      case 'meanSquaredError':
        return tf.mean(tf.square(tf.sub(yPred, tf.reshape(yTrue, yPred.shape))), -1);
      case 'meanAbsoluteError':
        return tf.mean(tf.abs(tf.sub(yPred, tf.reshape(yTrue, yPred.shape))), -1);
      case 'huber': {
        const delta = options.huberDelta ?? 1;
        const error = tf.abs(tf.sub(yPred, tf.reshape(yTrue, yPred.shape)));
        const quadratic = tf.minimum(error, delta);
        const linear = tf.sub(error, quadratic);
        return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, linear)), -1);
      }
    }
  }) as tf.Tensor1D;
}

/** The label encoding a loss expects by default. */
export function labelEncodingOf(loss: LossName): LabelEncoding {
  if (loss === 'categoricalCrossentropy') return 'one-hot';
  if (loss === 'sparseCategoricalCrossentropy' || loss === 'binaryCrossentropy') return 'index';
  return 'continuous';
}

export interface LabelFacts {
  task: 'classification' | 'regression';
  /** Number of classes (classification). */
  classes: number;
  /** How the labels will be given to the loss (default: what the loss expects). */
  encoding?: LabelEncoding;
}

/**
 * Why `loss` cannot train on these labels, or null. Refused: cross-entropy on a continuous
 * target, a regression loss on bare class indices (it would treat classes as numbers), sparse
 * cross-entropy on one-hot rows, categorical cross-entropy on indices, binary cross-entropy
 * with other than two classes.
 */
export function lossMismatch(loss: LossName, labels: LabelFacts): string | null {
  const encoding =
    labels.encoding ?? (labels.task === 'regression' ? 'continuous' : labelEncodingOf(loss));
  const regressionLoss = labelEncodingOf(loss) === 'continuous';
  if (labels.task === 'regression') {
    return regressionLoss
      ? null
      : `${loss} needs class labels; this dataset has a continuous target: use meanSquaredError, meanAbsoluteError or huber`;
  }
  if (regressionLoss) {
    return encoding === 'one-hot'
      ? null
      : `${loss} on class indices treats the classes as numbers; use labels "one-hot" or a cross-entropy loss`;
  }
  if (loss === 'sparseCategoricalCrossentropy' && encoding !== 'index') {
    return 'sparseCategoricalCrossentropy takes class indices; with one-hot labels use categoricalCrossentropy';
  }
  if (loss === 'categoricalCrossentropy' && encoding !== 'one-hot') {
    return 'categoricalCrossentropy takes one-hot labels; with class indices use sparseCategoricalCrossentropy';
  }
  if (loss === 'binaryCrossentropy' && labels.classes !== 2) {
    return `binaryCrossentropy needs exactly 2 classes; this dataset has ${labels.classes}: use categoricalCrossentropy`;
  }
  return null;
}
