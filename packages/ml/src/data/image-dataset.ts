import type { ClassLabels } from './class-labels.ts';
/** An in-memory image classification dataset: `count` images of `shape` = [height, width, channels]. */
export interface ImageDataset {
  /** Pixels 0..255, row-major, `count * height * width * channels` values. */
  images: Uint8Array;
  /** Class index of each image, 0 ≤ label < classes.length. */
  labels: ClassLabels;
  shape: [number, number, number];
  classes: string[];
}

export function datasetSize(dataset: ImageDataset): number {
  return dataset.labels.length;
}

/** Copies the given rows into a new dataset (rows keep their order). */
export function selectRows(dataset: ImageDataset, rows: ArrayLike<number>): ImageDataset {
  const pixels = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  const images = new Uint8Array(rows.length * pixels);
  const labels = new Uint16Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    images.set(dataset.images.subarray(r * pixels, (r + 1) * pixels), i * pixels);
    labels[i] = dataset.labels[r]!;
  }
  return { images, labels, shape: dataset.shape, classes: dataset.classes };
}

/** Counts of each class, keyed by class name. */
export function labelDistribution(dataset: ImageDataset): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(dataset.classes.map((c) => [c, 0]));
  for (const label of dataset.labels) counts[dataset.classes[label]!]! += 1;
  return counts;
}
