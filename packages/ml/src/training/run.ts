import type * as tf from '@tensorflow/tfjs';
import { classesOf, classLabelsOf, rowCountOf, selectDatasetRows } from '../data/dataset-ops.ts';
import type { LoadedDataset } from '../data/dataset-types.ts';
import { stratifiedSplit } from '../data/split.ts';
import { kFoldAssignments, kFoldIndices } from '../data/split-codes.ts';
import { type EvaluationReport, evaluateModel } from '../metrics/evaluate.ts';
import { buildTemplate, getTemplate } from '../models/templates.ts';
import { balancedClassWeights, type FitOptions, type FitResult, fit } from './fit.ts';
import { applyPreprocessing, fitPreprocessing, type Preprocessing } from './prepare.ts';
import { headFor, labelEncodingFor, lossOf, type RunConfig } from './run-config.ts';

export interface RunHooks
  extends Pick<FitOptions, 'onBatch' | 'onEpoch' | 'onCheckpoint' | 'signal' | 'resume'> {
  /** Weights to start from instead of the initialisers' (resuming from a checkpoint). */
  initialWeights?: tf.Tensor[];
}

export interface RunOutcome {
  model: tf.LayersModel;
  preprocessing: Preprocessing;
  fit: FitResult;
  /** Scores on the evaluation split (the test split, or the held-out fold). */
  report: EvaluationReport;
}

/**
 * Trains one model by `config` on `train` (holding out `validationFraction` of it for early
 * stopping when no `validation` split is given) and scores it on `evaluate`. The caller owns
 * and disposes `model`.
 */
export async function trainAndEvaluate(
  config: RunConfig,
  splits: { train: LoadedDataset; evaluate: LoadedDataset; validation?: LoadedDataset },
  hooks: RunHooks = {},
): Promise<RunOutcome> {
  let { train, validation } = splits;
  if (!validation && config.validationFraction) {
    const labels = classLabelsOf(train) ?? new Uint16Array(rowCountOf(train));
    const parts = stratifiedSplit(labels, {
      testFraction: config.validationFraction,
      seed: config.seed,
    });
    validation = selectDatasetRows(train, parts.test);
    train = selectDatasetRows(train, parts.train);
  }
  const preprocessing = fitPreprocessing(train, config.text);
  const trainData = applyPreprocessing(preprocessing, train);
  const task = trainData.spec.task;
  const classes = classesOf(train);
  const loss = lossOf(config, task);
  const model = buildTemplate(getTemplate(config.model)!, {
    ...trainData.spec,
    head: headFor(loss, task, classes.length),
    seed: config.seed,
    options: config.options,
  });
  try {
    if (hooks.initialWeights) model.setWeights(hooks.initialWeights);
    const result = await fit(model, trainData, {
      onBatch: hooks.onBatch,
      onEpoch: hooks.onEpoch,
      onCheckpoint: hooks.onCheckpoint,
      signal: hooks.signal,
      resume: hooks.resume,
      loss,
      labelEncoding: labelEncodingFor(config, task),
      huberDelta: config.huberDelta,
      optimizer: {
        name: config.optimizer ?? 'adam',
        learningRate: config.learningRate,
        momentum: config.momentum,
        nesterov: config.nesterov,
        weightDecay: config.weightDecay,
      },
      schedule: config.schedule,
      epochs: config.epochs,
      batchSize: config.batchSize,
      seed: config.seed,
      validation: validation ? applyPreprocessing(preprocessing, validation) : undefined,
      earlyStopping: config.earlyStopping,
      clipNorm: config.clipNorm,
      clipValue: config.clipValue,
      classWeights:
        config.classWeights === 'balanced'
          ? balancedClassWeights(trainData.labels!, classes.length)
          : config.classWeights,
    });
    const report = evaluateModel(
      model,
      applyPreprocessing(preprocessing, splits.evaluate),
      preprocessing,
    );
    return { model, preprocessing, fit: result, report };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The headline figures of a report, flat, for tables, comparisons and search objectives. */
export function headlineMetrics(report: EvaluationReport): Record<string, number> {
  if (report.classification) {
    const c = report.classification;
    const out: Record<string, number> = {
      accuracy: c.accuracy,
      f1Macro: c.macro.f1,
      precisionMacro: c.macro.precision,
      recallMacro: c.macro.recall,
      logLoss: c.logLoss,
    };
    if (c.rocAuc !== null) out.rocAuc = c.rocAuc;
    return out;
  }
  const r = report.regression!;
  return { rmse: r.rmse, mae: r.mae, mse: r.mse, r2: r.r2, baselineRmse: r.meanBaseline.rmse };
}

export interface CrossValidationResult {
  folds: Record<string, number>[];
  /** Mean and (population) standard deviation of each headline metric over the folds. */
  summary: Record<string, { mean: number; std: number }>;
}

/** Mean and population standard deviation of each key over the rows. */
export function summarize(
  rows: Record<string, number>[],
): Record<string, { mean: number; std: number }> {
  const out: Record<string, { mean: number; std: number }> = {};
  for (const key of Object.keys(rows[0] ?? {})) {
    const values = rows.map((r) => r[key]!).filter((v) => Number.isFinite(v));
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
    const std = Math.sqrt(
      values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(values.length, 1),
    );
    out[key] = { mean, std };
  }
  return out;
}

/**
 * k-fold cross-validation: seeded, stratified folds; each fold trains on the others and is
 * scored on itself. `onFold` sees each fold's figures as it finishes.
 */
export async function crossValidate(
  config: RunConfig,
  dataset: LoadedDataset,
  k: number,
  hooks: RunHooks & {
    onFold?: (fold: number, metrics: Record<string, number>) => void | Promise<void>;
  } = {},
): Promise<CrossValidationResult> {
  const folds = kFoldAssignments(rowCountOf(dataset), classLabelsOf(dataset), k, config.seed);
  const results: Record<string, number>[] = [];
  for (let fold = 0; fold < k; fold++) {
    const { train, validation } = kFoldIndices(folds, fold);
    const outcome = await trainAndEvaluate(
      { ...config, validationFraction: 0, earlyStopping: undefined },
      {
        train: selectDatasetRows(dataset, train),
        evaluate: selectDatasetRows(dataset, validation),
      },
      hooks,
    );
    outcome.model.dispose();
    const metrics = headlineMetrics(outcome.report);
    results.push(metrics);
    await hooks.onFold?.(fold, metrics);
  }
  return { folds: results, summary: summarize(results) };
}
