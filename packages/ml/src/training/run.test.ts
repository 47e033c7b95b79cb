import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../runtime/backend.ts';
import { syntheticClasses, syntheticRegression, syntheticSpam } from '../testing/fixtures.ts';
import { crossValidate, headlineMetrics, summarize, trainAndEvaluate } from './run.ts';
import { checkRunConfig, type DataFacts, type RunConfig } from './run-config.ts';
import { applyTrial, gridTrials, randomTrials } from './search.ts';

const classes: DataFacts = {
  kind: 'tabular',
  task: 'classification',
  inputShape: [4],
  classes: ['a', 'b', 'c'],
};
const config: RunConfig = {
  model: 'logistic-regression',
  learningRate: 0.05,
  epochs: 5,
  batchSize: 32,
  seed: 1,
};

describe('checkRunConfig', () => {
  it('accepts a config that fits and names each problem with a stable code', () => {
    expect(checkRunConfig(config, classes)).toBeNull();
    const code = (c: Partial<RunConfig>, data: DataFacts = classes) =>
      checkRunConfig({ ...config, ...c }, data)?.code;
    expect(code({ model: 'resnet' })).toBe('training.unknown_template');
    expect(code({ model: 'cnn' })).toBe('training.unsuitable_data');
    expect(code({}, { ...classes, classCounts: [10, 0, 0] })).toBe('training.one_class');
    expect(code({ learningRate: Number.NaN })).toBe('training.bad_learning_rate');
    expect(code({ loss: 'meanSquaredError' })).toBe('training.loss_mismatch');
    expect(code({ loss: 'meanSquaredError', labels: 'one-hot' })).toBeUndefined();
    expect(code({ loss: 'sparseCategoricalCrossentropy', labels: 'one-hot' })).toBe(
      'training.loss_mismatch',
    );
    expect(code({ optimizer: 'sgd', momentum: 2 })).toBe('training.bad_optimizer');
    expect(code({ classWeights: [1, 2] })).toBe('training.bad_class_weights');
    expect(code({ model: 'mlp', options: { hidden: 'big' } })).toBe('training.bad_template_option');
    expect(
      code({
        model: 'layers',
        options: { layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }] },
      }),
    ).toBe('training.bad_layer_spec');
  });
});

describe('trainAndEvaluate and crossValidate', () => {
  beforeAll(() => initBackend());

  it('trains with a held-out validation fraction and early stopping, then scores the test data', async () => {
    const outcome = await trainAndEvaluate(
      { ...config, validationFraction: 0.2, earlyStopping: { patience: 3 }, epochs: 8 },
      { train: syntheticClasses(300, 1), evaluate: syntheticClasses(100, 2) },
    );
    expect(outcome.fit.history[0]!.valLoss).toBeDefined();
    expect(headlineMetrics(outcome.report).accuracy).toBeGreaterThan(0.8);
    outcome.model.dispose();
  });

  it('binary cross-entropy trains a sigmoid head on two classes', async () => {
    const outcome = await trainAndEvaluate(
      {
        ...config,
        model: 'text-gru',
        loss: 'binaryCrossentropy',
        text: { sequenceLength: 12 },
        options: { embedDim: 8, units: 8 },
        epochs: 6,
        learningRate: 0.02,
      },
      { train: syntheticSpam(200, 3), evaluate: syntheticSpam(80, 4) },
    );
    expect(outcome.model.outputs[0]!.shape).toEqual([null, 1]);
    expect(outcome.report.classification!.perClass[1]!.f1).toBeGreaterThan(0.9);
    outcome.model.dispose();
  });

  it('cross-validates with k folds and reports mean and spread', async () => {
    const seen: { fold: number; rmse: number }[] = [];
    const result = await crossValidate(
      { ...config, model: 'linear-regression' },
      syntheticRegression(150, 5),
      3,
      {
        onFold: (fold, metrics) => void seen.push({ fold, rmse: metrics.rmse! }),
      },
    );
    expect(seen.map((s) => s.fold)).toEqual([0, 1, 2]);
    expect(result.folds).toHaveLength(3);
    const rmse = result.folds.map((f) => f.rmse!);
    expect(seen.map((s) => s.rmse)).toEqual(rmse);
    // Each fold is scored on other rows, so the folds differ, and the spread is theirs.
    expect(new Set(rmse).size).toBe(3);
    const mean = (rmse[0]! + rmse[1]! + rmse[2]!) / 3;
    const std = Math.sqrt(rmse.reduce((a, v) => a + (v - mean) ** 2, 0) / 3);
    expect(result.summary.rmse!.mean).toBeCloseTo(mean, 10);
    expect(result.summary.rmse!.std).toBeCloseTo(std, 10);
    expect(result.summary.rmse!.std).toBeGreaterThan(0);
    expect(result.summary.rmse!.std).toBeLessThan(result.summary.rmse!.mean);
    expect(result.summary.r2!.mean).toBeGreaterThan(0.9);
  });

  it('summarizes with the population standard deviation and skips values that are not finite', () => {
    expect(summarize([{ a: 1 }, { a: 3 }])).toEqual({ a: { mean: 2, std: 1 } });
    const rows = [2, 4, 4, 4, 5, 5, 7, 9].map((a) => ({ a }));
    expect(summarize(rows)).toEqual({ a: { mean: 5, std: 2 } });
    expect(summarize([{ a: 1 }, { a: Number.NaN }, { a: 3 }])).toEqual({ a: { mean: 2, std: 1 } });
    expect(summarize([])).toEqual({});
  });
});

describe('search spaces', () => {
  it('expands grids, draws seeded random trials and applies them to configs', () => {
    expect(gridTrials({ learningRate: [0.1, 0.01], 'options.units': [8, 16] })).toHaveLength(4);
    const a = randomTrials(
      { learningRate: { min: 1e-4, max: 1e-1, scale: 'log' }, batchSize: [16, 32] },
      5,
      7,
    );
    expect(a).toEqual(
      randomTrials(
        { learningRate: { min: 1e-4, max: 1e-1, scale: 'log' }, batchSize: [16, 32] },
        5,
        7,
      ),
    );
    expect(
      a.every((t) => (t.learningRate as number) >= 1e-4 && (t.learningRate as number) <= 0.1),
    ).toBe(true);
    expect(applyTrial(config, { learningRate: 0.5, 'options.units': 4 })).toMatchObject({
      learningRate: 0.5,
      options: { units: 4 },
    });
    expect(() => gridTrials({ learningRate: { min: 0, max: 1 } })).toThrow(
      /ranges are for random search/,
    );
  });
});
