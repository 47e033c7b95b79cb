import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeIdx, loadBuiltinMnist } from '@qudao/ml';
import { type AppContext, closeContext, createContext } from '../context.ts';
import type { Clock } from '../shared/clock.ts';

export { ManualClock } from '../shared/clock.ts';

/**
 * A context over a fresh temporary workspace; `dispose` closes it and deletes the folder. Pass a
 * `ManualClock` to move time by hand (rate-limit refills, month ends) instead of sleeping.
 */
export async function createTestContext(
  options: { clock?: Clock } = {},
): Promise<AppContext & { dispose: () => Promise<void> }> {
  const home = await mkdtemp(path.join(tmpdir(), 'qudao-test-'));
  const ctx = await createContext({ home, logLevel: 'silent', replyValidation: 'strict' }, options);
  return Object.assign(ctx, {
    dispose: async () => {
      await closeContext(ctx);
      await rm(home, { recursive: true, force: true });
    },
  });
}

/** Writes the first `count` MNIST test images and labels as IDX files; returns their paths. */
export async function writeMnistSubset(dir: string, count: number) {
  const mnist = await loadBuiltinMnist();
  const images = path.join(dir, `images-${count}.idx`);
  const labels = path.join(dir, `labels-${count}.idx`);
  await writeFile(
    images,
    encodeIdx({ shape: [count, 28, 28], data: mnist.images.subarray(0, count * 784) }),
  );
  await writeFile(labels, encodeIdx({ shape: [count], data: mnist.labels.subarray(0, count) }));
  return { images, labels, mnist };
}

/** A 28x28 MNIST digit as rows of 0..255 values. */
export function digitRows(images: Uint8Array, index: number): number[][] {
  return Array.from({ length: 28 }, (_, y) =>
    Array.from(images.subarray(index * 784 + y * 28, index * 784 + y * 28 + 28)),
  );
}
