import { mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel, WEIGHTS_BIN } from './artifacts.ts';

function dense(value: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 3, inputShape: [4], kernelInitializer: 'zeros' })],
  });
  model.setWeights([tf.fill([4, 3], value), tf.fill([3], value)]);
  return model;
}

describe('saving over a saved model (a checkpoint every epoch)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-artifacts-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('replaces each file whole, so the previous one is never cut short', async () => {
    const target = path.join(dir, 'checkpoint');
    const first = await saveModel(dense(1), target, { kind: 'tabular' });
    const weights = path.join(target, WEIGHTS_BIN);
    const before = await readFile(weights);
    expect(before.byteLength).toBe((12 + 3) * 4);
    // A reader of the old file (or a kill -9 during the next save) must still see all of it.
    const held = await open(weights, 'r');
    const inode = (await stat(weights)).ino;
    try {
      const second = await saveModel(dense(2), target, { kind: 'tabular' });
      expect(second.hash).not.toBe(first.hash);
      expect((await stat(weights)).ino).not.toBe(inode);
      const old = Buffer.alloc(before.byteLength + 8);
      const { bytesRead } = await held.read(old, 0, old.length, 0);
      expect(old.subarray(0, bytesRead)).toEqual(before);
    } finally {
      await held.close();
    }
    expect((await readdir(target)).sort()).toEqual([
      'model.json',
      'preprocessing.json',
      'weights.bin',
    ]);
    const loaded = await loadModel(target);
    expect(Array.from(await loaded.getWeights()[1]!.data())).toEqual([2, 2, 2]);
  });
});
