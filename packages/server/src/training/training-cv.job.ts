import { concatDatasets, crossValidate } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { loadSplitDataset } from '../data/data.service.ts';
import type { JobContext } from '../jobs/job.ts';
import type { CrossValidationJobResult, CrossValidationPayload } from './training.queues.ts';
import { configError } from './training.service.ts';
import { startRun } from './training-runs.service.ts';

/**
 * k-fold cross-validation over every labelled row of the version (all its splits together):
 * seeded stratified folds, one run per fold, then the mean and spread of each metric.
 */
export function crossValidationJobHandler(ctx: AppContext) {
  return async (
    payload: CrossValidationPayload,
    job: JobContext,
  ): Promise<CrossValidationJobResult> => {
    const { config, folds } = payload;
    const split = await loadSplitDataset(ctx, config.dataset, config.datasetVersion);
    const refused = configError(config, split.version);
    if (refused) throw refused;
    const all = concatDatasets([
      split.train,
      split.test,
      ...(split.validation ? [split.validation] : []),
    ]);
    const started = performance.now();
    let run = await startRun(ctx, foldRun(job, config, split.version.id, 1));
    const result = await crossValidate(config, all, folds, {
      signal: job.signal,
      onBatch: (progress) => job.progress({ runId: run.id, ...progress }),
      onEpoch: (epoch) => run.addEpoch(epoch),
      onFold: async (fold, metrics) => {
        await run.succeed({ validation: metrics }, null);
        await job.appendHistory({ fold: fold + 1, runId: run.id, ...metrics });
        if (fold + 1 < folds)
          run = await startRun(ctx, foldRun(job, config, split.version.id, fold + 2));
      },
    }).catch(async (error) => {
      await run.fail(error, job.signal.aborted);
      throw error;
    });
    return {
      dataset: `${split.version.dataset}@${split.version.version}`,
      rows: all.kind === 'tabular' ? all.rowCount : all.labels.length,
      folds,
      perFold: result.folds,
      summary: result.summary,
      seconds: (performance.now() - started) / 1000,
    };
  };
}

function foldRun(
  job: JobContext,
  config: CrossValidationPayload['config'],
  datasetVersionId: string,
  fold: number,
) {
  return {
    jobId: job.jobId,
    kind: 'fold' as const,
    parentJobId: job.jobId,
    experiment: config.experiment,
    datasetVersionId,
    template: config.model,
    config: { ...config, fold },
  };
}
