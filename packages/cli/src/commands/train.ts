import {
  type AppContext,
  getModelVersion,
  getTrainingJob,
  type JobEvent,
  startTraining,
} from '@qudao/server';
import type { Command } from 'commander';
import { percent, printJson } from '../output.ts';
import { type BatchProgress, EpochProgressBars } from '../progress.ts';
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
}

const int = (v: string) => Number.parseInt(v, 10);

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train a model on a dataset, evaluate it on the test split, and register it')
    .requiredOption('--data <name>', 'dataset name, or name@version')
    .option('--model <template>', 'model template: cnn or mlp', 'cnn')
    .option('--epochs <n>', 'passes over the training split', int, 5)
    .option('--batch-size <n>', 'examples per step', int, 64)
    .option('--lr <x>', 'learning rate', Number.parseFloat, 0.001)
    .option('--seed <n>', 'seed of initial weights and example order', int, 42)
    .option('--name <model>', 'registry name of the model (default <data>-<template>)')
    .addHelpText(
      'after',
      '\nExample:\n  qudao train --data mnist --model cnn --epochs 5\n  qudao train --data mnist --json   # last line: {"model", "version", "metrics", "trainSamplesPerSecond"}',
    )
    .action(async (_opts, command: Command) => {
      const opts = optionsOf<TrainFlags>(command);
      await withWorkspace(opts, async (ctx) => {
        const summary = await trainWithProgress(ctx, opts);
        if (opts.json) printJson(summary);
        else {
          console.log(
            `registered ${summary.model}@${summary.version}: test accuracy ${percent(summary.metrics.test.accuracy)} on ${summary.metrics.test.samples} held-out images, ${Math.round(summary.trainSamplesPerSecond)} img/s (${summary.backend})`,
          );
        }
      });
    });
}

/** Queues the training job and follows it with progress bars until it finishes. */
export async function trainWithProgress(ctx: AppContext, opts: TrainFlags) {
  const [dataset, datasetVersion] = opts.data.split('@');
  const job = await startTraining(ctx, {
    dataset: dataset!,
    datasetVersion: datasetVersion ? Number(datasetVersion) : undefined,
    model: opts.model,
    modelName: opts.name,
    epochs: opts.epochs,
    batchSize: opts.batchSize,
    learningRate: opts.lr,
    seed: opts.seed,
  });
  const bars = opts.json ? null : new EpochProgressBars();
  if (!opts.json) {
    console.error(
      `training ${opts.model} on ${dataset}@${(job.config as { datasetVersion: number }).datasetVersion} (job ${job.id}, backend ${ctx.backend.name})`,
    );
  }
  const unsubscribe = ctx.jobs.subscribe(job.id, (event: JobEvent) => {
    if (event.type === 'progress') bars?.update(event.progress as BatchProgress);
  });
  const stop = () => void ctx.jobs.cancel(job.id);
  process.once('SIGINT', stop);
  try {
    await ctx.jobs.waitFor(job.id);
  } finally {
    unsubscribe();
    process.off('SIGINT', stop);
    bars?.finishEpoch();
  }
  const finished = await getTrainingJob(ctx, job.id);
  if (finished.status !== 'succeeded') {
    const error = new Error(finished.error?.message ?? `training ${finished.status}`);
    Object.assign(error, { code: finished.error?.code ?? 'training.failed' });
    throw error;
  }
  const result = finished.result as { model: string; version: number };
  const version = await getModelVersion(ctx, result.model, result.version);
  const metrics = version.metrics as {
    test: { accuracy: number; loss: number; samples: number };
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
  };
}
