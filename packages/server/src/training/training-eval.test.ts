import type { EvaluationReport } from '@qudao/ml';
import { syntheticClasses, syntheticRegression, syntheticSpam } from '@qudao/ml/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLoadedDataset } from '../data/data.service.ts';
import { buildServer } from '../http/server.ts';
import { getModelVersion } from '../registry/registry.service.ts';
import { setAlias } from '../registry/registry-lifecycle.service.ts';
import { createTestContext } from '../testing/index.ts';
import { startTraining } from './training.service.ts';
import { evaluateVersion } from './training-eval.service.ts';

type Stored = {
  test: Record<string, number>;
  train: { samples: number };
  evaluation: EvaluationReport;
};

/**
 * `qudao eval` / `POST /api/v1/evaluations` load the registered artifact and its saved
 * preprocessing from disk; on the split training scored, they must give what training reported.
 */
describe('evaluating a registered version', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  const evaluate = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      payload,
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    const split = { testFraction: 0.25, seed: 3, source: 'test' };
    await importLoadedDataset(ctx, 'flowers', syntheticClasses(160, 1), split);
    await importLoadedDataset(ctx, 'houses', syntheticRegression(120, 2), split);
    await importLoadedDataset(ctx, 'mail', syntheticSpam(120, 3), split);
    for (const input of [
      { dataset: 'flowers', model: 'logistic-regression', epochs: 4, learningRate: 0.1 },
      { dataset: 'houses', model: 'linear-regression', epochs: 6, learningRate: 0.05 },
      {
        dataset: 'mail',
        model: 'text-gru',
        epochs: 2,
        learningRate: 0.02,
        options: { embedDim: 8, units: 8 },
        text: { sequenceLength: 12 },
      },
    ]) {
      const job = await startTraining(ctx, input);
      expect((await ctx.jobs.waitFor(job.id)).error).toBeNull();
    }
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('scores a classifier on the test split exactly as training reported, over HTTP', async () => {
    const stored = (await getModelVersion(ctx, 'flowers-logistic-regression', 1)).metrics as Stored;
    const response = await evaluate({ model: 'flowers-logistic-regression@1', dataset: 'flowers' });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({
      model: 'flowers-logistic-regression@1',
      dataset: 'flowers@1',
      split: 'test',
    });
    expect(result.report.samples).toBe(40);
    expect(result.report.samples).toBe(stored.test.samples);
    const got = result.report.classification;
    const want = stored.evaluation.classification!;
    expect(got.confusionMatrix).toEqual(want.confusionMatrix);
    expect(got.accuracy).toBe(want.accuracy);
    expect(got.logLoss).toBeCloseTo(want.logLoss, 5);
    expect(got.macro.f1).toBeCloseTo(want.macro.f1, 10);
    expect(result.headline.accuracy).toBe(stored.test.accuracy);
    expect(result.headline.logLoss).toBeCloseTo(stored.test.loss!, 5);
    // The confusion matrix counts every test row once.
    expect((got.confusionMatrix as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('scores a regression and a text version as training did, by alias too', async () => {
    await setAlias(ctx, 'houses-linear-regression', 'production', 1, 'owner');
    const houses = (await getModelVersion(ctx, 'houses-linear-regression', 1)).metrics as Stored;
    const byAlias = await evaluateVersion(ctx, {
      model: 'houses-linear-regression@production',
      dataset: 'houses',
    });
    expect(byAlias.model).toBe('houses-linear-regression@1');
    expect(byAlias.report.regression!.rmse).toBeCloseTo(houses.test.rmse!, 4);
    expect(byAlias.report.regression!.r2).toBeCloseTo(houses.test.r2!, 5);
    expect(byAlias.report.regression!.meanBaseline.rmse).toBeCloseTo(houses.test.baselineRmse!, 4);

    const mail = (await getModelVersion(ctx, 'mail-text-gru', 1)).metrics as Stored;
    const text = await evaluateVersion(ctx, { model: 'mail-text-gru@1', dataset: 'mail' });
    expect(text.report.classification!.confusionMatrix).toEqual(
      mail.evaluation.classification!.confusionMatrix,
    );
    expect(text.headline.accuracy).toBe(mail.test.accuracy);
    expect(text.headline.logLoss).toBeCloseTo(mail.test.logLoss!, 5);
  });

  it('scores the train split on the training rows', async () => {
    const stored = (await getModelVersion(ctx, 'flowers-logistic-regression', 1)).metrics as Stored;
    const train = await evaluateVersion(ctx, {
      model: 'flowers-logistic-regression@1',
      dataset: 'flowers',
      datasetVersion: 1,
      split: 'train',
    });
    expect(train.split).toBe('train');
    expect(train.report.samples).toBe(stored.train.samples);
    expect(train.report.samples).toBe(120);
  });

  it('refuses a missing split, data of another kind, other classes and unknown refs with codes', async () => {
    const refused = async (payload: object) => {
      const response = await evaluate(payload);
      return [response.statusCode, response.json().error.code];
    };
    expect(
      await refused({
        model: 'flowers-logistic-regression@1',
        dataset: 'flowers',
        split: 'validation',
      }),
    ).toEqual([400, 'training.no_such_split']);
    expect(await refused({ model: 'mail-text-gru@1', dataset: 'flowers' })).toEqual([
      400,
      'training.eval_mismatch',
    ]);
    expect(await refused({ model: 'flowers-logistic-regression@1', dataset: 'houses' })).toEqual([
      400,
      'training.eval_mismatch',
    ]);
    expect(await refused({ model: 'flowers-logistic-regression@9', dataset: 'flowers' })).toEqual([
      404,
      'registry.version_not_found',
    ]);
    expect(await refused({ model: 'flowers-logistic-regression@1', dataset: 'nope' })).toEqual([
      404,
      'data.dataset_not_found',
    ]);
    expect(await refused({ model: 'flowers-logistic-regression@1', split: 'all' })).toEqual([
      400,
      'request.invalid',
    ]);
  });
});
