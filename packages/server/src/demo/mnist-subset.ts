import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeIdx, loadBuiltinMnist } from '@qudao/ml';

/**
 * Writes the first `count` MNIST test images and labels as IDX files; returns their paths and
 * the built-in set. The channels demo trains on them; tests use them as a small real data set.
 */
export async function writeMnistSubset(dir: string, count: number) {
  const mnist = await loadBuiltinMnist();
  const images = path.join(dir, `images-${count}.idx`);
  const labels = path.join(dir, `labels-${count}.idx`);
  await writeFile(
    images,
    encodeIdx({ shape: [count, 28, 28], data: mnist.images.subarray(0, count * 784) }),
  );
  await writeFile(
    labels,
    encodeIdx({ shape: [count], data: Uint8Array.from(mnist.labels.subarray(0, count)) }),
  );
  return { images, labels, mnist };
}

/** A 28x28 MNIST digit as rows of 0..255 values (the JSON body of a predict call). */
export function digitRows(images: Uint8Array, index: number): number[][] {
  return Array.from({ length: 28 }, (_, y) =>
    Array.from(images.subarray(index * 784 + y * 28, index * 784 + y * 28 + 28)),
  );
}
