import { getTemplate, templateNames } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { getDatasetVersion } from '../data/data.service.ts';
import type { JobRecord } from '../jobs/job.ts';
import { parseInput } from '../shared/validate.ts';
import { trainingErrors } from './training.errors.ts';
import { type StartTrainingInput, StartTrainingSchema } from './training.schemas.ts';

/** Checks a training request against its dataset and template, then queues the job. */
export async function startTraining(ctx: AppContext, input: StartTrainingInput) {
  const config = parseInput(StartTrainingSchema, input, 'training config');
  const template = getTemplate(config.model);
  if (!template) throw trainingErrors.unknownTemplate(config.model, templateNames());
  const dataset = await getDatasetVersion(ctx, config.dataset, config.datasetVersion);
  const shape = dataset.shape as [number, number, number];
  const unsuitable = template.accepts(shape);
  if (unsuitable) throw trainingErrors.unsuitableData(unsuitable);
  if (dataset.classes.length < 2) {
    throw trainingErrors.unsuitableData(
      `dataset ${dataset.dataset}@${dataset.version} has ${dataset.classes.length} class; a classifier needs at least 2`,
    );
  }
  const job = await ctx.jobs.enqueue('training', { ...config, datasetVersion: dataset.version });
  return toTrainingJob(job);
}

export async function getTrainingJob(ctx: AppContext, id: string) {
  const job = await ctx.jobs.get(id);
  if (job?.queue !== 'training') throw trainingErrors.jobNotFound(id);
  return toTrainingJob(job);
}

export async function listTrainingJobs(ctx: AppContext) {
  return (await ctx.jobs.list('training')).map(toTrainingJob);
}

export async function cancelTrainingJob(ctx: AppContext, id: string) {
  await getTrainingJob(ctx, id);
  return toTrainingJob((await ctx.jobs.cancel(id))!);
}

export function toTrainingJob(job: JobRecord) {
  return {
    id: job.id,
    status: job.status,
    config: job.payload,
    progress: job.progress,
    history: job.history,
    result: job.result,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
