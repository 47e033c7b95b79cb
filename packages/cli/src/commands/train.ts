import { readFileSync } from 'node:fs';
import type { BatchProgress } from '@qudao/ml';
import {
  type AppContext,
  getModelVersion,
  getTrainingJob,
  type JobEvent,
  startTraining,
  type TrainingJobView,
} from '@qudao/server';
import { type Command, Option } from 'commander';
import { percent, printJson } from '../output.ts';
import { EpochProgressBars } from '../progress.ts';
import { optionsOf, withWorkspace } from '../workspace.ts';

export interface TrainFlags {
  data: string;
  model: string;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  name?: string;
  json?: boolean;
  loss?: string;
  labels?: 'index' | 'one-hot';
  optimizer?: string;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
  schedule?: 'constant' | 'step' | 'cosine';
  warmup?: number;
  stepEpochs?: number;
  gamma?: number;
  earlyStopping?: number;
  monitor?: string;
  validation?: number;
  clipNorm?: number;
  clipValue?: number;
  classWeights?: string;
  options?: string;
  layers?: string;
  seqLen?: number;
  maxTokens?: number;
  experiment?: string;
  resume?: string;
}

const int = (v: string) => Number.parseInt(v, 10);
const num = (v: string) => Number.parseFloat(v);

/** The training flags shared by `train`, `search` and `cv`. */
export function addTrainingOptions(command: Command): Command {
  return command
    .requiredOption('--data <name>', 'dataset name, or name@version')
    .option(
      '--model <template>',
      'template: cnn, mlp, text-lstm, text-gru, text-transformer, linear-regression, logistic-regression, layers',
      'cnn',
    )
    .option('--epochs <n>', 'passes over the training split', int, 5)
    .option('--batch-size <n>', 'examples per step', int, 64)
    .option('--lr <x>', 'learning rate', num, 0.001)
    .option('--seed <n>', 'seed of initial weights, dropout and example order', int, 42)
    .option(
      '--loss <name>',
      'categoricalCrossentropy, sparseCategoricalCrossentropy, binaryCrossentropy, meanSquaredError, meanAbsoluteError, huber',
    )
    .addOption(
      new Option('--labels <encoding>', 'how class labels reach the loss').choices([
        'index',
        'one-hot',
      ]),
    )
    .addOption(
      new Option('--optimizer <name>', 'optimizer').choices(['sgd', 'adam', 'adamw', 'rmsprop']),
    )
    .option('--momentum <x>', 'SGD/RMSProp momentum', num)
    .option('--nesterov', 'SGD with Nesterov momentum')
    .option('--weight-decay <x>', 'AdamW decoupled weight decay', num)
    .addOption(
      new Option('--schedule <type>', 'learning-rate schedule').choices([
        'constant',
        'step',
        'cosine',
      ]),
    )
    .option('--warmup <epochs>', 'linear learning-rate warm-up', num)
    .option('--step-epochs <n>', 'step schedule: epochs between decays', num)
    .option('--gamma <x>', 'step schedule: factor per decay', num)
    .option('--early-stopping <patience>', 'stop after this many epochs without improvement', int)
    .option('--monitor <metric>', 'early stopping watches valLoss, valAccuracy, loss or accuracy')
    .option(
      '--validation <fraction>',
      'hold this fraction of the training split out for validation',
      num,
    )
    .option('--clip-norm <x>', 'clip the global gradient norm', num)
    .option('--clip-value <x>', 'clip each gradient entry', num)
    .option('--class-weights <w>', '"balanced" or comma-separated weights per class')
    .option('--options <json>', 'template options as JSON, e.g. \'{"numHeads":2}\'')
    .option('--layers <file>', 'JSON layer spec file (with --model layers)')
    .option('--seq-len <n>', 'text: tokens per text', int)
    .option('--max-tokens <n>', 'text: vocabulary size', int)
    .option('--experiment <name>', 'group runs under this experiment name')
    .option(
      '--resume <run>',
      'continue a failed or cancelled run from its checkpoint, to --epochs in total',
    )
    .option('--name <model>', 'registry name of the model (default <data>-<template>)');
}

/** The API's training config from the flags. */
export function trainingConfigOf(opts: TrainFlags) {
  const [dataset, datasetVersion] = opts.data.split('@');
  const options = opts.options ? (JSON.parse(opts.options) as Record<string, unknown>) : undefined;
  const layers = opts.layers ? JSON.parse(readFileSync(opts.layers, 'utf8')) : undefined;
  return {
    dataset: dataset!,
    datasetVersion: datasetVersion ? Number(datasetVersion) : undefined,
    model: opts.model,
    modelName: opts.name,
    experiment: opts.experiment,
    resumeRun: opts.resume,
    epochs: opts.epochs,
    batchSize: opts.batchSize,
    learningRate: opts.lr,
    seed: opts.seed,
    loss: opts.loss as never,
    labels: opts.labels,
    optimizer: opts.optimizer as never,
    momentum: opts.momentum,
    nesterov: opts.nesterov,
    weightDecay: opts.weightDecay,
    schedule: opts.schedule
      ? {
          type: opts.schedule,
          warmupEpochs: opts.warmup,
          stepEpochs: opts.stepEpochs,
          gamma: opts.gamma,
        }
      : opts.warmup
        ? { type: 'constant' as const, warmupEpochs: opts.warmup }
        : undefined,
    earlyStopping:
      opts.earlyStopping !== undefined
        ? { patience: opts.earlyStopping, monitor: opts.monitor as never }
        : undefined,
    validationFraction: opts.validation,
    clipNorm: opts.clipNorm,
    clipValue: opts.clipValue,
    classWeights:
      opts.classWeights === undefined
        ? undefined
        : opts.classWeights === 'balanced'
          ? ('balanced' as const)
          : opts.classWeights.split(',').map(Number),
    options: layers ? { ...options, layers } : options,
    text:
      opts.seqLen || opts.maxTokens
        ? { sequenceLength: opts.seqLen, maxTokens: opts.maxTokens }
        : undefined,
  };
}

export function registerTrainCommand(program: Command): void {
  addTrainingOptions(
    program
      .command('train')
      .description('train a model on a dataset, evaluate it on the test split, and register it'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qudao train --data mnist --model cnn --epochs 5
  qudao train --data spam --model text-transformer --epochs 4 --seq-len 128 --options '{"numBlocks":1}'
  qudao train --data boston --model mlp --options '{"hidden":[64,32]}' --early-stopping 5 --validation 0.1
  qudao train --data mnist --json   # last line: {"model", "version", "metrics", "trainSamplesPerSecond"}`,
    )
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<TrainFlags>(command);
      await withWorkspace(opts, async (ctx) => {
        const summary = await trainWithProgress(ctx, opts);
        if (opts.json) printJson(summary);
        else {
          const t = summary.metrics.test as Record<string, number>;
          const headline =
            t.accuracy !== undefined
              ? `test accuracy ${percent(t.accuracy)}, macro F1 ${t.f1Macro?.toFixed(4) ?? '—'}`
              : `test RMSE ${t.rmse?.toFixed(4)} (mean baseline ${t.baselineRmse?.toFixed(4)}), R² ${t.r2?.toFixed(4)}`;
          console.log(
            `registered ${summary.model}@${summary.version}: ${headline} on ${t.samples} held-out rows, ${Math.round(summary.trainSamplesPerSecond)} samples/s, ${summary.trainSeconds.toFixed(1)} s (${summary.backend}); run ${summary.run}`,
          );
        }
      });
    });
}

/** Follows a job with progress bars until it finishes; throws its error if it failed. */
export async function followJob(
  ctx: AppContext,
  jobId: string,
  json?: boolean,
): Promise<TrainingJobView> {
  const bars = json ? null : new EpochProgressBars();
  const unsubscribe = ctx.jobs.subscribe(jobId, (event: JobEvent) => {
    if (event.type === 'progress') bars?.update(event.progress as BatchProgress);
  });
  const stop = () => void ctx.jobs.cancel(jobId);
  process.once('SIGINT', stop);
  try {
    await ctx.jobs.waitFor(jobId);
  } finally {
    unsubscribe();
    process.off('SIGINT', stop);
    bars?.finishEpoch();
  }
  const finished = await getTrainingJob(ctx, jobId);
  if (finished.status !== 'succeeded') {
    const error = new Error(finished.error?.message ?? `training ${finished.status}`);
    Object.assign(error, { code: finished.error?.code ?? 'training.failed' });
    throw error;
  }
  return finished;
}

/** Queues the training job and follows it with progress bars until it finishes. */
export async function trainWithProgress(ctx: AppContext, opts: TrainFlags) {
  const job = await startTraining(ctx, trainingConfigOf(opts));
  if (!opts.json) {
    console.error(
      `training ${opts.model} on ${opts.data.split('@')[0]}@${(job.config as { datasetVersion: number }).datasetVersion} (job ${job.id}, backend ${ctx.backend.name})`,
    );
  }
  const finished = await followJob(ctx, job.id, opts.json);
  const result = finished.result as { model: string; version: number; runId: string };
  const version = await getModelVersion(ctx, result.model, result.version);
  const metrics = version.metrics as {
    test: { accuracy: number; loss: number; samples: number } & Record<string, number>;
    train: { accuracy: number; loss: number };
    trainSamplesPerSecond: number;
    trainSeconds: number;
    confusionMatrix: number[][];
  };
  return {
    model: version.model,
    version: version.version,
    template: version.template,
    dataset: `${version.dataset}@${version.datasetVersion}`,
    backend: version.backend,
    metrics,
    trainSamplesPerSecond: metrics.trainSamplesPerSecond,
    trainSeconds: metrics.trainSeconds,
    job: job.id,
    run: result.runId,
  };
}
