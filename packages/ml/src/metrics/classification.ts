import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/image-dataset.ts';
import { batchTensors } from '../training/batches.ts';

export interface ClassificationReport {
  samples: number;
  accuracy: number;
  /** Mean categorical cross-entropy. */
  loss: number;
  /** confusionMatrix[actual][predicted] */
  confusionMatrix: number[][];
}

/** Runs the model over the dataset in batches and scores its predictions. */
export async function evaluateClassifier(
  model: tf.LayersModel,
  dataset: ImageDataset,
  batchSize = 256,
): Promise<ClassificationReport> {
  const k = dataset.classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const n = dataset.labels.length;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const rows = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const { x, y } = batchTensors(dataset, rows);
    const probs = tf.tidy(() => model.predict(x) as tf.Tensor2D);
    const values = await probs.data();
    x.dispose();
    y.dispose();
    probs.dispose();
    for (let i = 0; i < rows.length; i++) {
      const actual = dataset.labels[rows[i]!]!;
      let best = 0;
      for (let c = 1; c < k; c++) if (values[i * k + c]! > values[i * k + best]!) best = c;
      confusion[actual]![best]! += 1;
      if (best === actual) correct++;
      lossSum += -Math.log(Math.max(values[i * k + actual]!, 1e-7));
    }
  }
  return { samples: n, accuracy: correct / n, loss: lossSum / n, confusionMatrix: confusion };
}
