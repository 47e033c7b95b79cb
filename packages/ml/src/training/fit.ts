import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../data/random.ts';
import { applyModel } from '../layers/conv-block-model.ts';
import { type LabelEncoding, labelEncodingOf, perExampleLoss } from '../losses/losses.ts';
import type { LossName } from '../names.ts';
import {
  createOptimizer,
  type OptimizerConfig,
  setLearningRate,
} from '../optimizers/optimizers.ts';
import { learningRateAt, type ScheduleConfig } from '../optimizers/schedules.ts';
import { batchOf, type PreparedData } from './prepare.ts';
import type { BatchProgress } from './progress.ts';
import { TrainingCancelledError } from './train.ts';

/** Stop when the monitored figure has not improved for `patience` epochs. */
export interface EarlyStoppingConfig {
  /** 'valLoss' (default with validation data), 'valAccuracy', 'loss' or 'accuracy'. */
  monitor?: 'valLoss' | 'valAccuracy' | 'loss' | 'accuracy';
  patience: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch at the end (default true). */
  restoreBestWeights?: boolean;
}

export interface FitOptions {
  loss: LossName;
  /** How labels reach the loss (default: what the loss expects). */
  labelEncoding?: LabelEncoding;
  huberDelta?: number;
  optimizer: OptimizerConfig;
  schedule?: ScheduleConfig;
  epochs: number;
  batchSize: number;
  /** Seeds the example order; the model's initialisers and dropout carry their own seeds. */
  seed: number;
  /** Scored after every epoch (valLoss, valAccuracy); early stopping watches it. */
  validation?: PreparedData;
  earlyStopping?: EarlyStoppingConfig;
  /** Rescale the gradients when their global L2 norm exceeds this. */
  clipNorm?: number;
  /** Clip each gradient entry to [-clipValue, clipValue]. */
  clipValue?: number;
  /** Loss weight of each class (index = class), e.g. from `balancedClassWeights`. */
  classWeights?: number[];
  /** Every field is set: `fit` always schedules a learning rate. */
  onBatch?: (progress: Required<BatchProgress>) => void;
  onEpoch?: (epoch: EpochMetrics) => void | Promise<void>;
  /** Called after each epoch with the model, its optimizer and the epochs so far (a checkpoint). */
  onCheckpoint?: (
    epoch: number,
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    history: EpochMetrics[],
  ) => Promise<void>;
  signal?: AbortSignal;
  /** Continue a run after its epoch `epoch` (the model holds that epoch's weights already). */
  resume?: FitResume;
}

/**
 * Where a run stopped. `fit` then runs epochs `epoch + 1 … epochs` with the optimizer's state
 * put back and the example order of an uninterrupted run (the shuffles of the finished epochs
 * are replayed), so a resumed run continues the loss curve of the one that stopped.
 */
export interface FitResume {
  epoch: number;
  history: EpochMetrics[];
  /** `optimizer.getWeights()` of the stopped run; absent: the optimizer starts fresh. */
  optimizerWeights?: NamedTensor[];
}

/** One of an optimizer's weights, as `optimizer.getWeights()` gives them (tfjs does not export the type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface FitResult {
  history: EpochMetrics[];
  /** Epoch whose weights the model holds at the end (the best one when restored). */
  bestEpoch: number;
  stoppedEarly: boolean;
  samplesPerSecond: number;
  seconds: number;
  /** Largest resident set size of the process seen during training. */
  peakRssBytes: number;
  /** Largest number of bytes held by tensors during training. */
  peakTensorBytes: number;
}

/** Training produced a loss that is not a number: the rate is too high or the data is broken. */
export class TrainingDivergedError extends Error {
  readonly code = 'training.diverged';
  constructor(epoch: number, batch: number) {
    super(
      `the loss became NaN or infinite at epoch ${epoch}, batch ${batch}; lower the learning rate, clip gradients or check the data`,
    );
    this.name = 'TrainingDivergedError';
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Class weights n / (k · count) so every class weighs the same in the loss. */
export function balancedClassWeights(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts.map((c) => (c > 0 ? labels.length / (classes * c) : 0));
}

/** Fraction of rows whose predicted class is the label (sigmoid heads: p > 0.5 is class 1). */
function correctCount(pred: tf.Tensor, labels: ArrayLike<number>, rows: ArrayLike<number>): number {
  const values = pred.dataSync();
  const k = pred.shape[1] ?? 1;
  let correct = 0;
  for (let i = 0; i < rows.length; i++) {
    let best = 0;
    if (k === 1) best = values[i]! > 0.5 ? 1 : 0;
    else for (let c = 1; c < k; c++) if (values[i * k + c]! > values[i * k + best]!) best = c;
    if (best === labels[rows[i]!]) correct++;
  }
  return correct;
}

/** Mean loss (and accuracy for classes) of the model on prepared data, in batches. */
export function scoreLoss(
  model: tf.LayersModel,
  data: PreparedData,
  options: Pick<FitOptions, 'loss' | 'labelEncoding' | 'huberDelta'>,
  batchSize = 256,
): { loss: number; accuracy?: number } {
  const encoding = options.labelEncoding ?? labelEncodingOf(options.loss);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.n; start += batchSize) {
    const rows = Array.from({ length: Math.min(batchSize, data.n - start) }, (_, i) => start + i);
    const { x, y } = batchOf(data, rows, encoding);
    const pred = tf.tidy(() => applyModel(model, x));
    lossSum += tf.tidy(() => tf.sum(perExampleLoss(options.loss, y, pred, options)).dataSync()[0]!);
    if (data.labels) correct += correctCount(pred, data.labels, rows);
    tf.dispose([x, y, pred]);
  }
  return { loss: lossSum / data.n, ...(data.labels ? { accuracy: correct / data.n } : {}) };
}

/**
 * One optimizer step on a batch: the loss per example (times `weights`, per example, if given),
 * its gradients, clipping, then the optimizer. Returns the mean loss and the predictions (the
 * caller disposes them). The model runs through `applyModel`: convolution blocks fused on
 * 'qudao-cpu'.
 */
export function trainBatch(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  x: tf.Tensor,
  y: tf.Tensor,
  weights: tf.Tensor | null,
  options: Pick<FitOptions, 'loss' | 'huberDelta' | 'clipNorm' | 'clipValue'>,
): { loss: number; pred: tf.Tensor } {
  let pred: tf.Tensor | null = null;
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const out = applyModel(model, x, { training: true });
      pred = tf.keep(out);
      const perExample = perExampleLoss(options.loss, y, out, options);
      return tf.mean(weights ? tf.mul(perExample, weights) : perExample) as tf.Scalar;
    }, variables);
    optimizer.applyGradients(clipGradients(grads, options.clipNorm, options.clipValue));
    return value.dataSync()[0]!;
  });
  return { loss, pred: pred! };
}

/**
 * Trains a model batch by batch with our own step: loss per example (weighted by class),
 * gradients, clipping, a scheduled learning rate, then the optimizer. After each epoch it scores
 * the validation data, saves a checkpoint through `onCheckpoint` and checks early stopping.
 * Yields to the event loop between batches so cancels land (in a training thread, a cancel is a
 * message) and a caller on a server's loop is not starved.
 */
export async function fit(
  model: tf.LayersModel,
  train: PreparedData,
  options: FitOptions,
): Promise<FitResult> {
  const encoding = options.labelEncoding ?? labelEncodingOf(options.loss);
  const optimizer = createOptimizer(options.optimizer);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const batches = Math.ceil(train.n / options.batchSize);
  const order = Array.from({ length: train.n }, (_, i) => i);
  const rng = createRng(options.seed);
  const resume = options.resume;
  const history: EpochMetrics[] = [...(resume?.history ?? [])];
  const stopping = options.earlyStopping;
  const monitor = stopping?.monitor ?? (options.validation ? 'valLoss' : 'loss');
  const higherIsBetter = monitor.endsWith('ccuracy');
  let best = Number.NaN;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  let stoppedEarly = false;
  let peakRss = process.memoryUsage().rss;
  let peakTensorBytes = tf.memory().numBytes;
  const started = performance.now();
  let seen = 0;
  try {
    if (resume?.optimizerWeights) await optimizer.setWeights(resume.optimizerWeights);
    for (let e = 1; e <= (resume?.epoch ?? 0); e++) shuffleInPlace(order, rng);
    // Early stopping's best so far, from the epochs before the resume (their weights are gone:
    // a resumed run restores the best of its own epochs only).
    for (const metrics of history) {
      const value = metrics[monitor];
      if (value === undefined) continue;
      const delta = stopping?.minDelta ?? 0;
      if (Number.isNaN(best) || (higherIsBetter ? value > best + delta : value < best - delta)) {
        best = value;
        bestEpoch = metrics.epoch;
      }
    }
    for (let epoch = (resume?.epoch ?? 0) + 1; epoch <= options.epochs; epoch++) {
      shuffleInPlace(order, rng);
      const epochStart = performance.now();
      let lossSum = 0;
      let correct = 0;
      let count = 0;
      let lr = options.optimizer.learningRate;
      for (let b = 0; b < batches; b++) {
        if (options.signal?.aborted) throw new TrainingCancelledError();
        const rows = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
        lr = learningRateAt(
          options.optimizer.learningRate,
          options.schedule,
          epoch - 1 + b / batches,
          options.epochs,
        );
        setLearningRate(optimizer, lr);
        const { x, y } = batchOf(train, rows, encoding);
        const weights = options.classWeights
          ? tf.tensor1d(rows.map((r) => options.classWeights![train.labels![r]!] ?? 1))
          : null;
        const { loss, pred } = trainBatch(model, optimizer, variables, x, y, weights, options);
        if (!Number.isFinite(loss)) throw new TrainingDivergedError(epoch, b + 1);
        if (train.labels) correct += correctCount(pred, train.labels, rows);
        tf.dispose([x, y, pred, ...(weights ? [weights] : [])]);
        lossSum += loss * rows.length;
        count += rows.length;
        seen += rows.length;
        peakTensorBytes = Math.max(peakTensorBytes, tf.memory().numBytes);
        if (b % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        options.onBatch?.({
          epoch,
          epochs: options.epochs,
          batch: b + 1,
          batches,
          loss: lossSum / count,
          accuracy: train.labels ? correct / count : Number.NaN,
          learningRate: lr,
          samplesPerSecond: count / Math.max((performance.now() - epochStart) / 1000, 1e-9),
        });
        await yieldToEventLoop();
      }
      const seconds = (performance.now() - epochStart) / 1000;
      const metrics: EpochMetrics = {
        epoch,
        loss: lossSum / count,
        ...(train.labels ? { accuracy: correct / count } : {}),
        learningRate: lr,
        seconds,
        samplesPerSecond: count / seconds,
      };
      if (options.validation) {
        const val = scoreLoss(model, options.validation, options);
        metrics.valLoss = val.loss;
        if (val.accuracy !== undefined) metrics.valAccuracy = val.accuracy;
      }
      history.push(metrics);
      await options.onEpoch?.(metrics);
      await options.onCheckpoint?.(epoch, model, optimizer, history);
      const value = metrics[monitor];
      if (value !== undefined) {
        const delta = stopping?.minDelta ?? 0;
        const improved =
          Number.isNaN(best) || (higherIsBetter ? value > best + delta : value < best - delta);
        if (improved) {
          best = value;
          bestEpoch = epoch;
          if (stopping && stopping.restoreBestWeights !== false) {
            tf.dispose(bestWeights ?? []);
            bestWeights = variables.map((v) => tf.clone(v));
          }
        } else if (stopping && epoch - bestEpoch >= stopping.patience) {
          stoppedEarly = true;
          break;
        }
      } else bestEpoch = epoch;
    }
    if (bestWeights && stoppedEarly) {
      for (let i = 0; i < variables.length; i++) variables[i]!.assign(bestWeights[i]!);
    }
    if (!stoppedEarly) bestEpoch = history[history.length - 1]?.epoch ?? 0;
  } finally {
    tf.dispose(bestWeights ?? []);
    optimizer.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    history,
    bestEpoch,
    stoppedEarly,
    samplesPerSecond: seen / seconds,
    seconds,
    peakRssBytes: Math.max(peakRss, process.memoryUsage().rss),
    peakTensorBytes,
  };
}

function clipGradients(
  grads: tf.NamedTensorMap,
  clipNorm?: number,
  clipValue?: number,
): tf.NamedTensorMap {
  let out = grads;
  if (clipValue !== undefined) {
    out = Object.fromEntries(
      Object.entries(out).map(([k, g]) => [k, tf.clipByValue(g, -clipValue, clipValue)]),
    );
  }
  if (clipNorm !== undefined) {
    const norm = Math.sqrt(
      Object.values(out).reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0]!, 0),
    );
    if (norm > clipNorm) {
      out = Object.fromEntries(
        Object.entries(out).map(([k, g]) => [k, tf.mul(g, clipNorm / norm)]),
      );
    }
  }
  return out;
}
