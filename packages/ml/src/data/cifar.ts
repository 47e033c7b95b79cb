import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MlError } from '../errors.ts';
import type { ImageDataset } from './image-dataset.ts';

export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

const RECORD = 1 + 32 * 32 * 3;

/**
 * CIFAR-10 binary batches: records of one label byte and 3,072 pixel bytes (the red, green
 * and blue planes of a 32x32 image). Accepts one `.bin` file or a folder of
 * `data_batch_*.bin` (and `test_batch.bin`); class names come from `batches.meta.txt` if present.
 */
export async function loadCifar10(source: string): Promise<ImageDataset> {
  const info = await stat(source);
  let files: string[];
  let classes = CIFAR10_CLASSES;
  if (info.isDirectory()) {
    const names = (await readdir(source))
      .filter((f) => /^(data_batch_\d+|test_batch)\.bin$/.test(f))
      .sort();
    if (names.length === 0) {
      throw new MlError('empty', `${source} has no data_batch_*.bin files`);
    }
    files = names.map((f) => path.join(source, f));
    const meta = await readFile(path.join(source, 'batches.meta.txt'), 'utf8').catch(
      () => undefined,
    );
    const named = meta
      ?.split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (named && named.length === 10) classes = named;
  } else files = [source];
  const buffers = await Promise.all(files.map((f) => readFile(f)));
  buffers.forEach((b, i) => {
    if (b.length === 0 || b.length % RECORD !== 0) {
      throw new MlError(
        'truncated',
        `${path.basename(files[i]!)} is ${b.length} bytes, not a whole number of ${RECORD}-byte CIFAR-10 records: truncated or not CIFAR-10`,
      );
    }
  });
  const count = buffers.reduce((n, b) => n + b.length / RECORD, 0);
  const images = new Uint8Array(count * 3072);
  const labels = new Uint16Array(count);
  let row = 0;
  for (const [fi, buffer] of buffers.entries()) {
    for (let off = 0; off < buffer.length; off += RECORD, row++) {
      const label = buffer[off]!;
      if (label > 9) {
        throw new MlError(
          'bad_format',
          `${path.basename(files[fi]!)} record ${off / RECORD + 1} has label ${label}; CIFAR-10 labels are 0-9`,
        );
      }
      labels[row] = label;
      const base = row * 3072;
      // Planar RGB (CHW) to interleaved (HWC), the layout of every image dataset here.
      for (let p = 0; p < 1024; p++) {
        images[base + p * 3] = buffer[off + 1 + p]!;
        images[base + p * 3 + 1] = buffer[off + 1 + 1024 + p]!;
        images[base + p * 3 + 2] = buffer[off + 1 + 2048 + p]!;
      }
    }
  }
  return { images, labels, shape: [32, 32, 3], classes };
}

/** Encodes images as a CIFAR-10 binary batch (tests and exports). */
export function encodeCifar10(dataset: Pick<ImageDataset, 'images' | 'labels'>): Uint8Array {
  const out = new Uint8Array(dataset.labels.length * RECORD);
  for (let r = 0; r < dataset.labels.length; r++) {
    out[r * RECORD] = dataset.labels[r]!;
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++)
        out[r * RECORD + 1 + c * 1024 + p] = dataset.images[r * 3072 + p * 3 + c]!;
    }
  }
  return out;
}
