import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageDataset } from '@qudao/ml';

/** The files of one immutable dataset version on disk. */
const FILES = { images: 'images.u8', labels: 'labels.u8', split: 'split.u8' } as const;

/** Split codes stored per row in split.u8. */
export const SPLIT_CODES = { train: 0, test: 1, validation: 2 } as const;

/** Content hash of a dataset: sha256 over shape, classes, pixels and labels. */
export function hashImageDataset(dataset: ImageDataset): string {
  return createHash('sha256')
    .update(JSON.stringify({ shape: dataset.shape, classes: dataset.classes }))
    .update(dataset.images)
    .update(dataset.labels)
    .digest('hex');
}

/**
 * Writes the version into a staging folder and renames it into place, so a crash or an error
 * never leaves a half-written version behind.
 */
export async function writeVersionFiles(
  finalDir: string,
  stagingRoot: string,
  dataset: ImageDataset,
  split: Uint8Array,
): Promise<void> {
  const staging = path.join(stagingRoot, `dataset-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(path.join(staging, FILES.images), dataset.images);
    await writeFile(path.join(staging, FILES.labels), dataset.labels);
    await writeFile(path.join(staging, FILES.split), split);
    await mkdir(path.dirname(finalDir), { recursive: true });
    await rm(finalDir, { recursive: true, force: true });
    await rename(staging, finalDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export async function readVersionFiles(dir: string) {
  const [images, labels, split] = await Promise.all([
    readFile(path.join(dir, FILES.images)),
    readFile(path.join(dir, FILES.labels)),
    readFile(path.join(dir, FILES.split)),
  ]);
  return {
    images: new Uint8Array(images.buffer, images.byteOffset, images.byteLength),
    labels: new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength),
    split: new Uint8Array(split.buffer, split.byteOffset, split.byteLength),
  };
}
