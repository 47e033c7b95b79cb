import * as tf from '@tensorflow/tfjs';
import type { PreparedData, Preprocessing } from '../training/prepare.ts';
import { batchOf } from '../training/prepare.ts';
import {
  type ClassificationScores,
  type RegressionScores,
  scoreClassification,
  scoreRegression,
} from './scores.ts';

/** What `evaluateModel` reports: classification or regression scores of one split. */
export interface EvaluationReport {
  task: 'classification' | 'regression';
  samples: number;
  classification?: ClassificationScores;
  regression?: RegressionScores & {
    /** The same scores of always predicting the training mean, the baseline to beat. */
    meanBaseline: RegressionScores;
  };
}

/** Raw model outputs for all rows of `data`, in batches (n × output units). */
export function predictAll(
  model: tf.LayersModel,
  data: PreparedData,
  batchSize = 256,
): Float32Array {
  const chunks: Float32Array[] = [];
  for (let start = 0; start < data.n; start += batchSize) {
    const rows = Array.from({ length: Math.min(batchSize, data.n - start) }, (_, i) => start + i);
    const { x, y } = batchOf(data, rows, 'index');
    const out = tf.tidy(() => model.predict(x) as tf.Tensor);
    chunks.push(out.dataSync() as Float32Array);
    tf.dispose([x, y, out]);
  }
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return all;
}

/**
 * Scores a model on prepared data: per-class precision/recall/F1, macro/micro averages,
 * confusion matrix, ROC-AUC and log loss for classes; MSE/MAE/RMSE/R² in the target's own
 * units (undoing the standardisation) beside a mean-predictor baseline for regression.
 */
export function evaluateModel(
  model: tf.LayersModel,
  data: PreparedData,
  preprocessing: Preprocessing,
): EvaluationReport {
  const outputs = predictAll(model, data);
  if (data.spec.task === 'classification') {
    return {
      task: 'classification',
      samples: data.n,
      classification: scoreClassification(outputs, data.labels!, data.classes),
    };
  }
  const target = preprocessing.kind === 'tabular' ? preprocessing.target : undefined;
  const unscale = (v: number) => (target ? v * target.std + target.mean : v);
  const predicted = Float32Array.from(outputs, unscale);
  const actual = Float32Array.from(data.target!, unscale);
  const baseline = new Float32Array(actual.length).fill(target?.mean ?? 0);
  return {
    task: 'regression',
    samples: data.n,
    regression: {
      ...scoreRegression(predicted, actual),
      meanBaseline: scoreRegression(baseline, actual),
    },
  };
}
