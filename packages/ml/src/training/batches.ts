import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/image-dataset.ts';

/** Builds the input and one-hot target tensors of the given rows (pixels scaled to 0..1). */
export function batchTensors(
  dataset: ImageDataset,
  rows: ArrayLike<number>,
): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const [h, w, c] = dataset.shape;
  const pixels = h * w * c;
  const classes = dataset.classes.length;
  const xs = new Float32Array(rows.length * pixels);
  const ys = new Float32Array(rows.length * classes);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const src = dataset.images.subarray(r * pixels, (r + 1) * pixels);
    const base = i * pixels;
    for (let p = 0; p < pixels; p++) xs[base + p] = src[p]! / 255;
    ys[i * classes + dataset.labels[r]!] = 1;
  }
  return {
    x: tf.tensor4d(xs, [rows.length, h, w, c]),
    y: tf.tensor2d(ys, [rows.length, classes]),
  };
}
