import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, NamedTensor } from '../training/fit.ts';

/** Beside a checkpoint's model: the epoch it holds, the epochs so far, the optimizer's specs. */
export const TRAINING_STATE_JSON = 'training-state.json';
/** The optimizer's state (Adam's moments, the step count...), as `tf.io.encodeWeights` lays it. */
export const OPTIMIZER_BIN = 'optimizer.bin';

/** Where a run stopped: what resuming it needs besides the model's weights. */
export interface TrainingState {
  /** The last finished epoch, whose weights the checkpoint's model holds. */
  epoch: number;
  history: EpochMetrics[];
  /** The optimizer's weights in its own order (`optimizer.getWeights()`), e.g. iter, m…, v…. */
  optimizerWeights: NamedTensor[];
}

interface StateFile {
  epoch: number;
  history: EpochMetrics[];
  optimizer: { className: string; specs: tf.io.WeightsManifestEntry[] };
}

/**
 * Saves the optimizer's state and the epoch beside a checkpoint. The model is saved first by
 * the caller; this file is written last, and each file is renamed into place, so a process
 * killed in between leaves the previous epoch's state (resume then starts one epoch earlier).
 */
export async function saveTrainingState(
  dir: string,
  epoch: number,
  history: EpochMetrics[],
  optimizer: tf.Optimizer,
): Promise<void> {
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights);
  const bytes = new Uint8Array(Array.isArray(data) ? concat(data) : data);
  const state: StateFile = {
    epoch,
    history,
    optimizer: { className: optimizer.getClassName(), specs },
  };
  await replace(path.join(dir, OPTIMIZER_BIN), bytes);
  await replace(path.join(dir, TRAINING_STATE_JSON), JSON.stringify(state));
}

/** The epoch a checkpoint holds, from its state file alone; undefined without one. */
export async function checkpointEpochOf(dir: string): Promise<number | undefined> {
  try {
    return (JSON.parse(await readFile(path.join(dir, TRAINING_STATE_JSON), 'utf8')) as StateFile)
      .epoch;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The state saved beside a checkpoint, or undefined for a checkpoint made without one. */
export async function loadTrainingState(dir: string): Promise<TrainingState | undefined> {
  let state: StateFile;
  try {
    state = JSON.parse(await readFile(path.join(dir, TRAINING_STATE_JSON), 'utf8')) as StateFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const bin = await readFile(path.join(dir, OPTIMIZER_BIN));
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const map = tf.io.decodeWeights(buffer, state.optimizer.specs);
  // In the saved order: optimizers set their state by position, not by name.
  const optimizerWeights = state.optimizer.specs.map((s) => ({
    name: s.name,
    tensor: map[s.name]!,
  }));
  return { epoch: state.epoch, history: state.history, optimizerWeights };
}

function concat(parts: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((s, b) => s + b.byteLength, 0));
  let offset = 0;
  for (const b of parts) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

async function replace(file: string, data: string | Uint8Array): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, data);
  await rename(partial, file);
}
