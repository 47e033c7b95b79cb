import { checkpointEpochOf, type TabularDataset } from '@qudao/ml';
import { syntheticClasses, syntheticRegression, syntheticSpam } from '@qudao/ml/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLoadedDataset } from '../data/data.service.ts';
import { getModelVersion } from '../registry/registry.service.ts';
import { createTestContext } from '../testing/index.ts';
import {
  getTrainingJob,
  startCrossValidation,
  startSearch,
  startTraining,
} from './training.service.ts';
import { compareRuns, listRuns } from './training-runs.service.ts';

describe('training service', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const split = { testFraction: 0.25, seed: 1 };

  beforeAll(async () => {
    ctx = await createTestContext();
    await importLoadedDataset(ctx, 'houses', syntheticRegression(160, 1), {
      ...split,
      source: 'test',
    });
    await importLoadedDataset(ctx, 'flowers', syntheticClasses(150, 2), {
      ...split,
      source: 'test',
    });
    await importLoadedDataset(ctx, 'mail', syntheticSpam(160, 3), { ...split, source: 'test' });
    const one: TabularDataset = {
      ...syntheticClasses(40, 4),
      labels: new Uint16Array(40),
      classes: ['only'],
    };
    await importLoadedDataset(ctx, 'one-class', one, { ...split, source: 'test' });
  });
  afterAll(() => ctx?.dispose());

  const run = async (input: Parameters<typeof startTraining>[1]) => {
    const job = await startTraining(ctx, input);
    await ctx.jobs.waitFor(job.id);
    return getTrainingJob(ctx, job.id);
  };

  it('refuses bad configs before anything is queued, each with its code', async () => {
    const refused = async (input: object) => {
      try {
        await startTraining(ctx, input as Parameters<typeof startTraining>[1]);
      } catch (error) {
        return { code: (error as { code: string }).code, message: (error as Error).message };
      }
      throw new Error('accepted');
    };
    expect(await refused({ dataset: 'flowers', model: 'resnet' })).toMatchObject({
      code: 'training.unknown_template',
      message: expect.stringContaining('text-transformer'),
    });
    expect(
      (await refused({ dataset: 'flowers', model: 'mlp', loss: 'meanSquaredError' })).code,
    ).toBe('training.loss_mismatch');
    expect(
      (
        await refused({
          dataset: 'flowers',
          model: 'mlp',
          loss: 'sparseCategoricalCrossentropy',
          labels: 'one-hot',
        })
      ).code,
    ).toBe('training.loss_mismatch');
    expect(
      await refused({ dataset: 'flowers', model: 'mlp', learningRate: Number.NaN }),
    ).toMatchObject({
      code: 'training.bad_learning_rate',
      message: expect.stringContaining('got NaN'),
    });
    expect((await refused({ dataset: 'one-class', model: 'logistic-regression' })).code).toBe(
      'training.one_class',
    );
    expect((await refused({ dataset: 'houses', model: 'text-lstm' })).code).toBe(
      'training.unsuitable_data',
    );
    expect((await ctx.jobs.list('training')).length).toBe(0);
  });

  it('trains tabular regression, tabular classes and text, recording runs with per-epoch metrics', async () => {
    const houses = await run({
      dataset: 'houses',
      model: 'linear-regression',
      epochs: 15,
      learningRate: 0.05,
      batchSize: 16,
      experiment: 'e1',
    });
    expect(houses.error).toBeNull();
    const version = await getModelVersion(ctx, 'houses-linear-regression', 1);
    const metrics = version.metrics as { test: { rmse: number; baselineRmse: number; r2: number } };
    expect(metrics.test.rmse).toBeLessThan(metrics.test.baselineRmse / 3);
    expect(version.datasetHash).toMatch(/^[0-9a-f]{64}$/);

    const mail = await run({
      dataset: 'mail',
      model: 'text-lstm',
      options: { embedDim: 8, units: 8 },
      text: { sequenceLength: 12 },
      epochs: 6,
      learningRate: 0.02,
      batchSize: 16,
      experiment: 'e1',
    });
    expect(mail.error).toBeNull();
    const flowers = await run({
      dataset: 'flowers',
      model: 'logistic-regression',
      epochs: 3,
      learningRate: 0.05,
      experiment: 'e1',
      seed: 7,
    });
    expect(flowers.status).toBe('succeeded');

    const runs = await listRuns(ctx, { experiment: 'e1' });
    expect(runs.map((r) => r.template).sort()).toEqual([
      'linear-regression',
      'logistic-regression',
      'text-lstm',
    ]);
    const lstm = runs.find((r) => r.template === 'text-lstm')!;
    expect(lstm.epochs).toHaveLength(6);
    expect(lstm.system!.samplesPerSecond).toBeGreaterThan(0);
    expect(lstm.system!.peakRssBytes).toBeGreaterThan(0);
    expect(lstm.modelVersion).toBe('mail-text-lstm@1');
    expect((lstm.metrics as { test: { f1Macro: number } }).test.f1Macro).toBeGreaterThan(0.8);

    const again = await run({
      dataset: 'flowers',
      model: 'logistic-regression',
      epochs: 3,
      learningRate: 0.05,
      experiment: 'e1',
      seed: 7,
    });
    const [a, b] = [
      runs.find((r) => r.template === 'logistic-regression')!.id,
      (await listRuns(ctx, { jobId: again.id }))[0]!.id,
    ];
    const diff = await compareRuns(ctx, a, b);
    // Same seed, same data: the same metrics, and no config difference.
    expect(diff.config).toEqual([]);
    expect(diff.metrics.find((m) => m.key === 'test.accuracy')!.delta).toBe(0);
  });

  it('resumes a cancelled run as the same run, on the loss curve of an uninterrupted one', async () => {
    const config = {
      dataset: 'flowers',
      model: 'mlp',
      epochs: 4,
      learningRate: 0.05,
      batchSize: 16,
    };
    const job = await startTraining(ctx, config);
    const off = ctx.jobs.subscribe(job.id, (event) => {
      if (event.type === 'history') void ctx.jobs.cancel(job.id);
    });
    await ctx.jobs.waitFor(job.id);
    off();
    const [stopped] = await listRuns(ctx, { jobId: job.id });
    expect(stopped!.status).toBe('cancelled');
    const kept = (await checkpointEpochOf(stopped!.checkpointPath!))!;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(4);
    await expect(
      startTraining(ctx, { ...config, epochs: kept, resumeRun: stopped!.id }),
    ).rejects.toMatchObject({
      code: 'training.cannot_resume',
      message: expect.stringContaining(`epoch ${kept}`),
    });

    const resumed = await run({ ...config, resumeRun: stopped!.id });
    expect(resumed.error).toBeNull();
    const [after] = await listRuns(ctx, { jobId: resumed.id });
    expect(after!.id).toBe(stopped!.id);
    expect(after!.status).toBe('succeeded');
    expect(after!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);

    // The same config, never interrupted: same seed, same order, same Adam state at each step.
    const straight = await run(config);
    const [whole] = await listRuns(ctx, { jobId: straight.id });
    for (let i = 0; i < 4; i++)
      expect(after!.epochs[i]!.loss).toBeCloseTo(whole!.epochs[i]!.loss, 5);
    await expect(
      startTraining(ctx, { ...config, epochs: 8, resumeRun: after!.id }),
    ).rejects.toMatchObject({ code: 'training.cannot_resume' });
  });

  it('runs a grid search on a validation split and registers the best trial', async () => {
    const job = await startSearch(ctx, {
      base: {
        dataset: 'flowers',
        model: 'logistic-regression',
        epochs: 2,
        modelName: 'flowers-best',
      },
      strategy: 'grid',
      space: { learningRate: [0.0001, 0.1] },
    });
    const done = await ctx.jobs.waitFor(job.id);
    expect(done.error).toBeNull();
    const result = done.result as {
      best: { values: { learningRate: number }; registered: { model: string } };
      trials: unknown[];
    };
    expect(result.trials).toHaveLength(2);
    expect(result.best.values.learningRate).toBe(0.1);
    expect(result.best.registered.model).toBe('flowers-best');
    expect(await listRuns(ctx, { jobId: job.id })).toHaveLength(2);
  });

  it('cross-validates with k folds and reports mean and spread', async () => {
    const job = await startCrossValidation(ctx, {
      config: { dataset: 'flowers', model: 'logistic-regression', epochs: 3, learningRate: 0.1 },
      folds: 3,
    });
    const done = await ctx.jobs.waitFor(job.id);
    expect(done.error).toBeNull();
    const result = done.result as {
      rows: number;
      summary: { accuracy: { mean: number; std: number } };
    };
    expect(result.rows).toBe(150);
    expect(result.summary.accuracy.mean).toBeGreaterThan(0.5);
    expect((await listRuns(ctx, { jobId: job.id })).map((r) => r.kind)).toEqual([
      'fold',
      'fold',
      'fold',
    ]);
  });
});
