import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from '../metrics/evaluate.ts';
import { buildTemplate, getTemplate } from '../models/templates.ts';
import { initBackend } from '../runtime/backend.ts';
import { syntheticClasses, syntheticRegression, syntheticSpam } from '../testing/fixtures.ts';
import { balancedClassWeights, type FitOptions, fit, TrainingDivergedError } from './fit.ts';
import { applyPreprocessing, fitPreprocessing } from './prepare.ts';

const base: Omit<FitOptions, 'loss'> = {
  optimizer: { name: 'adam', learningRate: 0.05 },
  epochs: 5,
  batchSize: 32,
  seed: 1,
};

function prepared(dataset: ReturnType<typeof syntheticRegression>) {
  const p = fitPreprocessing(dataset);
  return { p, data: applyPreprocessing(p, dataset) };
}

function linearModel(data: ReturnType<typeof prepared>['data'], seed = 1) {
  const classification = data.spec.task === 'classification';
  return buildTemplate(getTemplate(classification ? 'logistic-regression' : 'linear-regression')!, {
    ...data.spec,
    head: classification
      ? { units: data.classes.length, activation: 'softmax' }
      : { units: 1, activation: 'linear' },
    seed,
  });
}

describe('fit', () => {
  beforeAll(() => initBackend());

  it('fits a linear regression and scores it in the target units against the mean baseline', async () => {
    const { p, data } = prepared(syntheticRegression(300, 1));
    const model = linearModel(data);
    const result = await fit(model, data, { ...base, loss: 'meanSquaredError', epochs: 20 });
    const report = evaluateModel(model, applyPreprocessing(p, syntheticRegression(100, 2)), p);
    expect(report.regression!.r2).toBeGreaterThan(0.98);
    expect(report.regression!.rmse).toBeLessThan(report.regression!.meanBaseline.rmse / 5);
    expect(result.history).toHaveLength(20);
    expect(result.peakRssBytes).toBeGreaterThan(0);
  });

  it('reproduces the same history and weights with the same seed', async () => {
    const { data } = prepared(syntheticClasses(200, 3));
    const run = async () => {
      const model = buildTemplate(getTemplate('mlp')!, {
        ...data.spec,
        head: { units: 3, activation: 'softmax' },
        seed: 5,
        options: { hidden: [8], dropout: 0.2 },
      });
      const result = await fit(model, data, {
        ...base,
        loss: 'sparseCategoricalCrossentropy',
        epochs: 3,
      });
      return {
        losses: result.history.map((h) => h.loss),
        weights: Array.from(model.getWeights()[0]!.dataSync()),
      };
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
  });

  it('stops early on a validation figure and restores the best weights', async () => {
    const { p, data } = prepared(syntheticClasses(200, 4));
    const validation = applyPreprocessing(p, syntheticClasses(100, 5));
    const model = linearModel(data);
    const checkpoints: number[] = [];
    const result = await fit(model, data, {
      ...base,
      loss: 'sparseCategoricalCrossentropy',
      optimizer: { name: 'sgd', learningRate: 1e-9 },
      epochs: 20,
      validation,
      earlyStopping: { monitor: 'valLoss', patience: 2, minDelta: 1e-3 },
      onCheckpoint: async (epoch) => void checkpoints.push(epoch),
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.history).toHaveLength(3);
    expect(result.bestEpoch).toBe(1);
    expect(checkpoints).toEqual([1, 2, 3]);
    expect(result.history[0]!.valAccuracy).toBeDefined();
  });

  it('clips the gradient norm', async () => {
    const { data } = prepared(syntheticRegression(64, 6));
    const model = linearModel(data);
    const before = model.getWeights().map((w) => w.clone());
    await fit(model, data, {
      ...base,
      loss: 'meanSquaredError',
      epochs: 1,
      batchSize: 64,
      optimizer: { name: 'sgd', learningRate: 1 },
      clipNorm: 0.01,
    });
    const moved = Math.sqrt(
      model
        .getWeights()
        .reduce((s, w, i) => s + tf.sum(tf.square(tf.sub(w, before[i]!))).dataSync()[0]!, 0),
    );
    expect(moved).toBeLessThanOrEqual(0.01 + 1e-6);
    expect(moved).toBeGreaterThan(0.009);
  });

  it('weights classes and refuses to continue when the loss diverges', async () => {
    expect(balancedClassWeights([0, 0, 0, 1], 2)).toEqual([4 / 6, 2]);
    const { data } = prepared(syntheticRegression(64, 7));
    const promise = fit(linearModel(data), data, {
      ...base,
      loss: 'meanSquaredError',
      optimizer: { name: 'sgd', learningRate: 1e20 },
    });
    await expect(promise).rejects.toBeInstanceOf(TrainingDivergedError);
  });

  it('trains the text-transformer on text with a cosine schedule and warm-up', async () => {
    const dataset = syntheticSpam(240, 8);
    const p = fitPreprocessing(dataset, { sequenceLength: 16, maxTokens: 100 });
    const data = applyPreprocessing(p, dataset);
    const model = buildTemplate(getTemplate('text-transformer')!, {
      ...data.spec,
      head: { units: 2, activation: 'softmax' },
      seed: 2,
      options: { embedDim: 16, numHeads: 2, ffDim: 32, numBlocks: 1, dropout: 0.1 },
    });
    const rates: number[] = [];
    await fit(model, data, {
      ...base,
      loss: 'sparseCategoricalCrossentropy',
      optimizer: { name: 'adamw', learningRate: 0.01 },
      schedule: { type: 'cosine', warmupEpochs: 1 },
      epochs: 4,
      onBatch: (b) => rates.push(b.learningRate),
    });
    expect(rates[0]).toBeLessThan(0.002);
    expect(Math.max(...rates)).toBeCloseTo(0.01, 3);
    const report = evaluateModel(model, applyPreprocessing(p, syntheticSpam(100, 9)), p);
    expect(report.classification!.perClass[1]!.f1).toBeGreaterThan(0.9);
  });
});
