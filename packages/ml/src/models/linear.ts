import * as tf from '@tensorflow/tfjs';
import { headLayer, inputLayer, type ModelHead } from './head.ts';

/** Options of the `linear-regression` and `logistic-regression` templates. */
export interface LinearModelArgs {
  /** Features per example (flattened). */
  inputShape: number[];
  /** linear (1 unit) for regression; softmax (classes) or sigmoid (1 unit) for logistic. */
  head: ModelHead;
  seed?: number;
}

/**
 * One dense layer on the (standardised) features: y = xW + b. With a linear head it is linear
 * regression; with a softmax or sigmoid head it is (multinomial) logistic regression.
 */
export function createLinearModel(args: LinearModelArgs): tf.LayersModel {
  const model = tf.sequential({
    name: args.head.activation === 'linear' ? 'linear_regression' : 'logistic_regression',
  });
  model.add(inputLayer(args.inputShape));
  model.add(headLayer(args.head, args.seed ?? 42));
  return model;
}
