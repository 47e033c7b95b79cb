import {
  applyPreprocessing,
  applyTrial,
  checkRunConfig,
  classLabelsOf,
  evaluateModel,
  gridTrials,
  headlineMetrics,
  type RunOutcome,
  randomTrials,
  rowCountOf,
  selectDatasetRows,
  stratifiedSplit,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { loadSplitDataset } from '../data/data.service.ts';
import type { JobContext } from '../jobs/job.ts';
import { registerOutcome, runMetrics, trainTracked } from './training.job.ts';
import type {
  SearchPayload,
  SearchResult,
  SearchTrialResult,
  TrainingPayload,
} from './training.queues.ts';
import { configError, dataFactsOf } from './training.service.ts';
import { TrainingConfigSchema } from './training-config.schemas.ts';
import { startRun, systemFigures } from './training-runs.service.ts';

const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'mse', 'logLoss', 'loss']);

/**
 * Grid or random search: each trial trains on the training split and is scored on the
 * validation split (the dataset's own, or 20% held out of training, the same for every trial),
 * never on the test split. The best trial is then scored on the test split and registered.
 * Trials run one after another inside the job; a queue with several workers runs searches side
 * by side.
 */
export function searchJobHandler(ctx: AppContext) {
  return async (payload: SearchPayload, job: JobContext): Promise<SearchResult> => {
    const base = payload.base;
    const split = await loadSplitDataset(ctx, base.dataset, base.datasetVersion);
    // The base must train (each trial's values are checked as it comes up).
    const refused = configError(base, split.version);
    if (refused) throw refused;
    let train = split.train;
    let validation = split.validation;
    if (!validation) {
      const labels = classLabelsOf(train) ?? new Uint16Array(rowCountOf(train));
      const parts = stratifiedSplit(labels, { testFraction: 0.2, seed: base.seed });
      validation = selectDatasetRows(train, parts.test);
      train = selectDatasetRows(train, parts.train);
    }
    const trials =
      payload.strategy === 'grid'
        ? gridTrials(payload.space)
        : randomTrials(payload.space, payload.trials, base.seed);
    const objective =
      payload.objective ?? (split.version.task === 'regression' ? 'rmse' : 'accuracy');
    const lower = LOWER_IS_BETTER.has(objective);
    const results: SearchTrialResult[] = [];
    let best: {
      outcome: RunOutcome;
      config: TrainingPayload;
      value: number;
      trial: number;
    } | null = null;
    for (const [i, values] of trials.entries()) {
      const parsed = TrainingConfigSchema.safeParse(applyTrial(base, values));
      const config = parsed.success ? parsed.data : null;
      const run = await startRun(ctx, {
        jobId: job.jobId,
        kind: 'trial',
        parentJobId: job.jobId,
        experiment: base.experiment,
        datasetVersionId: split.version.id,
        template: base.model,
        config: config ?? { ...base, ...values },
      });
      const problem = config
        ? checkRunConfig(config, dataFactsOf(split.version, config))
        : { code: 'request.invalid', message: parsed.error!.issues[0]?.message ?? 'invalid trial' };
      if (problem || !config) {
        await run.fail(Object.assign(new Error(problem!.message), { code: problem!.code }), false);
        results.push({
          trial: i + 1,
          values,
          runId: run.id,
          status: 'refused',
          error: problem!.message,
        });
        continue;
      }
      const outcome = await trainTracked(ctx, config, { train, evaluate: validation }, job, run, {
        history: false,
      });
      const metrics = headlineMetrics(outcome.report);
      await run.succeed({ validation: metrics }, systemFigures(ctx, outcome.fit));
      const value = metrics[objective];
      results.push({ trial: i + 1, values, runId: run.id, status: 'succeeded', metrics });
      await job.appendHistory({ trial: i + 1, values, runId: run.id, [objective]: value });
      const better =
        value !== undefined && (!best || (lower ? value < best.value : value > best.value));
      if (better) {
        best?.outcome.model.dispose();
        best = { outcome, config, value: value!, trial: i + 1 };
      } else outcome.model.dispose();
    }
    if (!best) return { objective, trials: results, best: null };
    try {
      let registered: { model: string; version: number } | null = null;
      if (payload.registerBest) {
        const report = evaluateModel(
          best.outcome.model,
          applyPreprocessing(best.outcome.preprocessing, split.test),
          best.outcome.preprocessing,
        );
        const metrics = runMetrics({ ...best.outcome, report }, rowCountOf(train));
        // The result names the version; the whole version view is not part of its schema.
        const version = await registerOutcome(
          ctx,
          best.config,
          split.version,
          best.outcome,
          job,
          { ...metrics, search: { objective, trial: best.trial, validation: best.value } },
          results[best.trial - 1]!.runId,
        );
        registered = { model: version.model, version: version.version };
      }
      return {
        objective,
        trials: results,
        best: {
          trial: best.trial,
          value: best.value,
          values: results[best.trial - 1]!.values,
          registered,
        },
      };
    } finally {
      best.outcome.model.dispose();
    }
  };
}
