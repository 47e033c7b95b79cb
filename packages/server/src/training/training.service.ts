import {
  checkpointEpochOf,
  checkRunConfig,
  type DataFacts,
  gridTrials,
  templateNames,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { DatasetVersionView } from '../data/data.schemas.ts';
import { getDatasetVersion } from '../data/data.service.ts';
import type { JobRecord } from '../jobs/job.ts';
import type { AppError } from '../shared/app-error.ts';
import { parseInput } from '../shared/validate.ts';
import { trainingErrors } from './training.errors.ts';
import { TRAINING_QUEUES } from './training.queues.ts';
import {
  CrossValidationSchema,
  SearchSchema,
  type StartCrossValidationInput,
  type StartSearchInput,
  type StartTrainingInput,
  type TrainingConfig,
  TrainingConfigSchema,
} from './training-config.schemas.ts';
import { getRun } from './training-runs.service.ts';
import type { TrainingJobView } from './training-views.schemas.ts';

/** What the manifest of a dataset version says about its data, for the checks before training. */
export function dataFactsOf(
  view: DatasetVersionView,
  config: Pick<TrainingConfig, 'text'>,
): DataFacts {
  return {
    kind: view.kind,
    task: view.task,
    inputShape: view.kind === 'text' ? [config.text?.sequenceLength ?? 128] : view.shape,
    classes: view.classes,
    classCounts:
      view.task === 'classification'
        ? view.classes.map((c) => view.labelDistribution[c] ?? 0)
        : undefined,
  };
}

/**
 * The error a config would fail with on this dataset version (template, classes, loss,
 * optimizer, options), or null when it can train. Checked when a job is queued and again
 * inside the job, where the dataset is loaded: a payload queued around the check (or a
 * dataset that changed) fails the job with the same code, not with a TensorFlow.js error.
 */
export function configError(config: TrainingConfig, dataset: DatasetVersionView): AppError | null {
  const problem = checkRunConfig(config, dataFactsOf(dataset, config));
  if (!problem) return null;
  if (problem.code === 'training.unknown_template')
    return trainingErrors.unknownTemplate(config.model, templateNames());
  return trainingErrors.badConfig(problem);
}

/**
 * Checks a config against its dataset version (template, classes, loss, optimizer, options)
 * and returns it with the dataset version resolved. Nothing trains on a config that fails.
 */
export async function checkTrainingConfig(
  ctx: AppContext,
  input: unknown,
): Promise<TrainingConfig> {
  const lr = (input as { learningRate?: unknown } | null)?.learningRate;
  if (typeof lr === 'number' && !(Number.isFinite(lr) && lr > 0))
    throw trainingErrors.badLearningRate(lr);
  const config = parseInput(TrainingConfigSchema, input, 'training config');
  const dataset = await getDatasetVersion(ctx, config.dataset, config.datasetVersion);
  const refused = configError(config, dataset);
  if (refused) throw refused;
  if (config.resumeRun) return resumedConfig(ctx, config, dataset);
  return { ...config, datasetVersion: dataset.version };
}

/**
 * A resume continues the same run: its own config (learning rate, batch size, seed, schedule),
 * trained on to the request's `epochs` in total, from the epoch after its checkpoint.
 */
async function resumedConfig(
  ctx: AppContext,
  config: TrainingConfig,
  dataset: DatasetVersionView,
): Promise<TrainingConfig> {
  const run = await getRun(ctx, config.resumeRun!);
  if (run.status !== 'failed' && run.status !== 'cancelled')
    throw trainingErrors.cannotResume(
      run.id,
      `it is ${run.status}; only a failed or cancelled run resumes`,
    );
  if (!run.checkpointPath)
    throw trainingErrors.cannotResume(
      run.id,
      'it has no checkpoint (it finished, or never completed an epoch)',
    );
  if (run.template !== config.model) {
    throw trainingErrors.cannotResume(run.id, `it trained ${run.template}, not ${config.model}`);
  }
  if (run.dataset !== dataset.dataset || run.datasetVersion !== dataset.version) {
    throw trainingErrors.cannotResume(run.id, `it trained on ${run.dataset}@${run.datasetVersion}`);
  }
  const done = (await checkpointEpochOf(run.checkpointPath)) ?? run.epochs.length;
  if (config.epochs <= done) {
    throw trainingErrors.cannotResume(
      run.id,
      `its checkpoint holds epoch ${done} already; ask for more than ${done} epochs in total`,
    );
  }
  const own = parseInput(TrainingConfigSchema, run.config, "the run's training config");
  return { ...own, epochs: config.epochs, resumeRun: run.id, datasetVersion: dataset.version };
}

/** Checks a training request against its dataset and template, then queues the job. */
export async function startTraining(ctx: AppContext, input: StartTrainingInput) {
  const config = await checkTrainingConfig(ctx, input);
  return toTrainingJob(await ctx.jobs.enqueue('training', config));
}

/** Checks the base config and every grid trial (random draws are checked as they run). */
export async function startSearch(ctx: AppContext, input: StartSearchInput) {
  const request = parseInput(SearchSchema, input, 'search');
  const base = await checkTrainingConfig(ctx, request.base);
  if (request.strategy === 'grid') {
    let trials: Record<string, unknown>[];
    try {
      trials = gridTrials(request.space);
    } catch (error) {
      throw trainingErrors.badSearch((error as Error).message);
    }
    if (trials.length > 200)
      throw trainingErrors.badSearch(`the grid has ${trials.length} trials; at most 200`);
  }
  return toTrainingJob(await ctx.jobs.enqueue('training-search', { ...request, base }));
}

export async function startCrossValidation(ctx: AppContext, input: StartCrossValidationInput) {
  const request = parseInput(CrossValidationSchema, input, 'cross-validation');
  const config = await checkTrainingConfig(ctx, request.config);
  return toTrainingJob(await ctx.jobs.enqueue('training-cv', { ...request, config }));
}

export async function getTrainingJob(ctx: AppContext, id: string) {
  const job = await ctx.jobs.get(id);
  if (!job || !(TRAINING_QUEUES as readonly string[]).includes(job.queue))
    throw trainingErrors.jobNotFound(id);
  return toTrainingJob(job);
}

export async function listTrainingJobs(ctx: AppContext) {
  const all = (await Promise.all(TRAINING_QUEUES.map((q) => ctx.jobs.list(q)))).flat();
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(toTrainingJob);
}

export async function cancelTrainingJob(ctx: AppContext, id: string) {
  await getTrainingJob(ctx, id);
  return toTrainingJob((await ctx.jobs.cancel(id))!);
}

export type { TrainingJobView } from './training-views.schemas.ts';

/** A training, search or cross-validation job as the API and the CLI show it. */
export function toTrainingJob(job: JobRecord): TrainingJobView {
  // The payload, history and result are the queue's own (checked when written); kind says which.
  return {
    id: job.id,
    kind: job.queue,
    status: job.status,
    config: job.payload,
    progress: job.progress,
    history: job.history,
    result: job.result,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  } as TrainingJobView;
}
