import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../artifacts/artifacts.ts';
import { loadTrainingState, saveTrainingState } from '../artifacts/training-state.ts';
import { buildTemplate, getTemplate } from '../models/templates.ts';
import { initBackend } from '../runtime/backend.ts';
import { syntheticClasses } from '../testing/fixtures.ts';
import { type FitOptions, fit } from './fit.ts';
import { applyPreprocessing, fitPreprocessing } from './prepare.ts';

const data = (() => {
  const dataset = syntheticClasses(240, 3);
  return applyPreprocessing(fitPreprocessing(dataset), dataset);
})();
const options: FitOptions = {
  loss: 'sparseCategoricalCrossentropy',
  optimizer: { name: 'adam', learningRate: 0.01 },
  epochs: 4,
  batchSize: 16,
  seed: 7,
};
const mlp = () =>
  buildTemplate(getTemplate('mlp')!, {
    ...data.spec,
    head: { units: 3, activation: 'softmax' },
    seed: 3,
    options: { hidden: [16] },
  });

describe('resuming fit from a checkpoint', () => {
  let dir: string;
  beforeAll(async () => {
    initBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'qudao-resume-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Trains 2 of 4 epochs, saving model and state after each, then stops as a kill would. */
  async function interruptedAfter2() {
    const model = mlp();
    const stop = new AbortController();
    await expect(
      fit(model, data, {
        ...options,
        signal: stop.signal,
        onCheckpoint: async (epoch, m, optimizer, history) => {
          await saveModel(m, dir);
          await saveTrainingState(dir, epoch, history, optimizer);
          if (epoch === 2) stop.abort();
        },
      }),
    ).rejects.toThrow(/cancel/i);
    model.dispose();
  }

  async function resumed(withOptimizer: boolean) {
    const saved = await loadModel(dir);
    const state = (await loadTrainingState(dir))!;
    const saved2 = {
      epoch: state.epoch,
      names: state.optimizerWeights.map((w) => w.name),
      step: state.optimizerWeights[0]!.tensor.dataSync()[0],
    };
    const model = mlp();
    model.setWeights(saved.getWeights());
    saved.dispose();
    const result = await fit(model, data, {
      ...options,
      resume: {
        epoch: state.epoch,
        history: state.history,
        optimizerWeights: withOptimizer ? state.optimizerWeights : undefined,
      },
    });
    const weights = Array.from(model.getWeights()[0]!.dataSync());
    model.dispose();
    tf.dispose(state.optimizerWeights.map((w) => w.tensor));
    return { result, weights, state: saved2 };
  }

  it('continues at epoch 3 with Adam’s moments and the loss curve of an uninterrupted run', async () => {
    const whole = mlp();
    const straight = await fit(whole, data, options);
    const straightWeights = Array.from(whole.getWeights()[0]!.dataSync());
    whole.dispose();

    await interruptedAfter2();
    const { result, weights, state } = await resumed(true);
    expect(state.epoch).toBe(2);
    // The optimizer state round trip: step count, then a first and second moment per weight.
    const batches = Math.ceil(240 / 16);
    expect(state.step).toBe(2 * batches);
    // The step, then a first and a second moment for each kernel and bias of the 2 dense layers.
    expect(state.names).toHaveLength(1 + 2 * 4);
    expect(state.names[0]).toBe('iter');
    expect(state.names.filter((n) => n.endsWith('/m'))).toHaveLength(4);
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    const losses = (r: typeof straight) => r.history.map((h) => h.loss);
    for (let i = 0; i < 4; i++) expect(losses(result)[i]).toBeCloseTo(losses(straight)[i]!, 5);
    for (let i = 0; i < weights.length; i++) expect(weights[i]).toBeCloseTo(straightWeights[i]!, 4);
    expect(result.bestEpoch).toBe(4);
  });

  it('drifts off that curve when the optimizer state is not put back (the test can fail)', async () => {
    const whole = mlp();
    const straight = await fit(whole, data, options);
    whole.dispose();
    await interruptedAfter2();
    const { result } = await resumed(false);
    expect(Math.abs(result.history[2]!.loss - straight.history[2]!.loss)).toBeGreaterThan(1e-4);
  });
});
