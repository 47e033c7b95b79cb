import {
  applyPreprocessing,
  evaluateModel,
  headlineMetrics,
  loadModel,
  loadPreprocessing,
  type Preprocessing,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { loadSplitDataset } from '../data/data.service.ts';
import { artifactDir } from '../registry/registry.service.ts';
import { resolveModelRef } from '../registry/registry-lifecycle.service.ts';
import { parseInput } from '../shared/validate.ts';
import { trainingErrors } from './training.errors.ts';
import { type EvaluateInput, EvaluateSchema } from './training-config.schemas.ts';
import type { EvaluationView } from './training-views.schemas.ts';

/**
 * Scores a registered version on a split of a dataset version: the full report (per-class
 * precision/recall/F1, macro/micro, confusion matrix, ROC-AUC, log loss; or MSE/MAE/RMSE/R²
 * beside the mean baseline) with the model's own preprocessing.
 */
export async function evaluateVersion(
  ctx: AppContext,
  input: EvaluateInput,
): Promise<EvaluationView> {
  const request = parseInput(EvaluateSchema, input, 'evaluation');
  const version = await resolveModelRef(ctx, request.model);
  const split = await loadSplitDataset(ctx, request.dataset, request.datasetVersion);
  const data = split[request.split];
  if (!data) {
    throw trainingErrors.noSuchSplit(`${request.dataset}@${split.version.version}`, request.split);
  }
  const kind = version.signature.kind ?? 'image';
  if (data.kind !== kind) {
    throw trainingErrors.evalMismatch(
      `${version.model}@${version.version} reads ${kind} data; ${request.dataset} is ${data.kind}`,
    );
  }
  const classes = 'classes' in data ? (data.classes ?? []) : [];
  if (JSON.stringify(classes) !== JSON.stringify(version.classes)) {
    throw trainingErrors.evalMismatch(
      `the model's classes (${version.classes.join(', ')}) are not the dataset's (${classes.join(', ')})`,
    );
  }
  const dir = (await artifactDir(ctx, version.id))!;
  const preprocessing =
    (await loadPreprocessing<Preprocessing>(dir)) ??
    ({ kind: 'image', shape: version.inputShape, scale: 1 / 255 } as Preprocessing);
  const model = await loadModel(dir);
  const started = performance.now();
  try {
    const report = evaluateModel(model, applyPreprocessing(preprocessing, data), preprocessing);
    return {
      model: `${version.model}@${version.version}`,
      dataset: `${split.version.dataset}@${split.version.version}`,
      split: request.split,
      headline: headlineMetrics(report),
      report,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
