import type * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/image-dataset.ts';
import { createRng, shuffleInPlace } from '../data/random.ts';
import { batchTensors } from './batches.ts';
import type { BatchProgress } from './progress.ts';

export interface EpochSummary {
  epoch: number;
  loss: number;
  accuracy: number;
  seconds: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Seeds the order of the examples in each epoch. */
  seed: number;
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (summary: EpochSummary) => void;
  /** Aborting stops training after the current batch with a `TrainingCancelledError`. */
  signal?: AbortSignal;
}

export interface TrainResult {
  history: EpochSummary[];
  samplesPerSecond: number;
  seconds: number;
}

export class TrainingCancelledError extends Error {
  readonly code = 'training.cancelled';
  constructor() {
    super('training was cancelled');
    this.name = 'TrainingCancelledError';
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains a compiled classifier (loss + accuracy metric) on an image dataset, batch by batch,
 * yielding to the event loop between batches so a server stays responsive and cancels land.
 */
export async function trainImageClassifier(
  model: tf.LayersModel,
  train: ImageDataset,
  options: TrainOptions,
): Promise<TrainResult> {
  const n = train.labels.length;
  const batches = Math.ceil(n / options.batchSize);
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = createRng(options.seed);
  const history: EpochSummary[] = [];
  const started = performance.now();
  let seen = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, rng);
    const epochStart = performance.now();
    let lossSum = 0;
    let accSum = 0;
    let count = 0;
    for (let b = 0; b < batches; b++) {
      if (options.signal?.aborted) throw new TrainingCancelledError();
      const rows = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
      const { x, y } = batchTensors(train, rows);
      let result: number | number[];
      try {
        result = await model.trainOnBatch(x, y);
      } finally {
        x.dispose();
        y.dispose();
      }
      const [loss, accuracy] = Array.isArray(result) ? result : [result, Number.NaN];
      lossSum += loss! * rows.length;
      accSum += accuracy! * rows.length;
      count += rows.length;
      seen += rows.length;
      const elapsed = (performance.now() - epochStart) / 1000;
      options.onBatch?.({
        epoch,
        epochs: options.epochs,
        batch: b + 1,
        batches,
        loss: lossSum / count,
        accuracy: accSum / count,
        samplesPerSecond: count / Math.max(elapsed, 1e-9),
      });
      await yieldToEventLoop();
    }
    const summary: EpochSummary = {
      epoch,
      loss: lossSum / count,
      accuracy: accSum / count,
      seconds: (performance.now() - epochStart) / 1000,
    };
    history.push(summary);
    options.onEpoch?.(summary);
  }
  const seconds = (performance.now() - started) / 1000;
  return { history, samplesPerSecond: seen / seconds, seconds };
}
