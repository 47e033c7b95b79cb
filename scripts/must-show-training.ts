/**
 * Runs the must-show figures of training (issue 4) in a fresh temporary workspace and prints
 * them: cnn on mnist, text-transformer and text-lstm on spam, linear-regression and mlp on
 * boston beside the mean baseline, 5-fold cross-validation on iris, and the refusals of bad
 * configs. Usage: npx tsx scripts/must-show-training.ts [--only mnist,spam,boston,iris,refusals]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  closeContext,
  createContext,
  getModelVersion,
  importDataset,
  startCrossValidation,
  startTraining,
} from '@qudao/server';

const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]!.split(',')
  : null;
const wanted = (name: string) => !only || only.includes(name);

const home = await mkdtemp(path.join(tmpdir(), 'qudao-must-show-'));
const ctx = await createContext({ home, logLevel: 'silent' });
console.log(`workspace ${home}, backend ${ctx.backend.name}`);

type Test = Record<string, number>;
async function train(input: Parameters<typeof startTraining>[1]) {
  const started = performance.now();
  const job = await startTraining(ctx, input);
  const done = await ctx.jobs.waitFor(job.id);
  if (done.status !== 'succeeded')
    throw new Error(`${input.model} on ${input.dataset}: ${done.error?.message}`);
  const { model, version } = done.result as { model: string; version: number };
  const v = await getModelVersion(ctx, model, version);
  const metrics = v.metrics as {
    test: Test;
    trainSeconds: number;
    trainSamplesPerSecond: number;
    evaluation: {
      classification?: {
        perClass: { class: string; f1: number; precision: number; recall: number }[];
      };
    };
  };
  const seconds = (performance.now() - started) / 1000;
  return { ref: `${model}@${version}`, metrics, seconds };
}

try {
  for (const name of ['mnist', 'spam', 'boston', 'iris']) {
    if (wanted(name) || (name === 'iris' && wanted('refusals')))
      await importDataset(ctx, { name, builtin: name });
  }
  if (wanted('mnist')) {
    const r = await train({
      dataset: 'mnist',
      model: 'cnn',
      epochs: 6,
      batchSize: 64,
      learningRate: 0.002,
      schedule: { type: 'cosine' },
    });
    console.log(
      `cnn on mnist (8,000/2,000): test accuracy ${r.metrics.test.accuracy!.toFixed(4)} in ${r.metrics.trainSeconds.toFixed(1)} s of training (${Math.round(r.metrics.trainSamplesPerSecond)} img/s), ${r.seconds.toFixed(1)} s in all`,
    );
  }
  if (wanted('spam')) {
    for (const [model, options, learningRate, sequenceLength] of [
      [
        'text-transformer',
        { embedDim: 32, numHeads: 2, ffDim: 64, numBlocks: 1, dropout: 0.1 },
        0.002,
        128,
      ],
      ['text-lstm', { embedDim: 32, units: 32 }, 0.005, 64],
    ] as const) {
      const text = { sequenceLength, maxTokens: 10_000 };
      const r = await train({
        dataset: 'spam',
        model,
        options,
        text,
        epochs: 4,
        batchSize: 32,
        learningRate,
      });
      const spam = r.metrics.evaluation.classification!.perClass.find((c) => c.class === 'spam')!;
      console.log(
        `${model} on spam: spam F1 ${spam.f1.toFixed(4)} (precision ${spam.precision.toFixed(4)}, recall ${spam.recall.toFixed(4)}), accuracy ${r.metrics.test.accuracy!.toFixed(4)}, ${r.seconds.toFixed(1)} s`,
      );
    }
  }
  if (wanted('boston')) {
    for (const [model, options, learningRate] of [
      ['linear-regression', undefined, 0.01],
      ['mlp', { hidden: [64, 32] }, 0.003],
    ] as const) {
      const r = await train({
        dataset: 'boston',
        model,
        options,
        epochs: 200,
        batchSize: 32,
        learningRate,
      });
      console.log(
        `${model} on boston: test RMSE ${r.metrics.test.rmse!.toFixed(3)} vs mean-predictor ${r.metrics.test.baselineRmse!.toFixed(3)} (R² ${r.metrics.test.r2!.toFixed(3)})`,
      );
    }
  }
  if (wanted('iris')) {
    const job = await startCrossValidation(ctx, {
      config: {
        dataset: 'iris',
        model: 'logistic-regression',
        epochs: 100,
        batchSize: 16,
        learningRate: 0.1,
      },
      folds: 5,
    });
    const done = await ctx.jobs.waitFor(job.id);
    const { summary } = done.result as { summary: Record<string, { mean: number; std: number }> };
    console.log(
      `5-fold CV of logistic-regression on iris: accuracy ${summary.accuracy!.mean.toFixed(4)} ± ${summary.accuracy!.std.toFixed(4)}, macro F1 ${summary.f1Macro!.mean.toFixed(4)} ± ${summary.f1Macro!.std.toFixed(4)}`,
    );
  }
  if (wanted('refusals')) {
    for (const input of [
      { dataset: 'iris', model: 'resnet' },
      { dataset: 'iris', model: 'mlp', loss: 'meanSquaredError' as const },
      {
        dataset: 'iris',
        model: 'mlp',
        loss: 'sparseCategoricalCrossentropy' as const,
        labels: 'one-hot' as const,
      },
      { dataset: 'iris', model: 'mlp', learningRate: Number.NaN },
    ]) {
      const error = await startTraining(ctx, input).then(
        () => null,
        (e: { code: string; message: string }) => e,
      );
      console.log(
        `refused ${JSON.stringify(input)}: ${error ? `[${error.code}] ${error.message}` : 'NOT REFUSED'}`,
      );
    }
  }
} finally {
  await closeContext(ctx);
  await rm(home, { recursive: true, force: true });
}
