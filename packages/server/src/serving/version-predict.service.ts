import {
  applyPreprocessing,
  encodeRawInputs,
  type LoadedDataset,
  type Preprocessing,
  selectDatasetRows,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { ModelVersionView } from '../registry/registry.schemas.ts';
import { artifactDir, type ServableVersion } from '../registry/registry.service.ts';
import { fromMlError } from '../shared/ml-errors.ts';
import type { BatchSettings, RuntimeOutput } from './runtime/runtime.types.ts';
import { batchSettingsOf, runtimeModelOf } from './runtime/runtime-model.ts';
import { servingErrors } from './serving.errors.ts';
import type { RowPredictionView } from './serving.schemas.ts';

/** Rows per forward pass when a whole dataset is scored. */
const BATCH = 256;

/** The queue a call joins: an endpoint's (with its batching), or '' for calls by reference. */
export interface PredictTarget {
  endpoint: string;
  settings: BatchSettings;
}

type VersionRef = Pick<ModelVersionView, 'id' | 'model' | 'version' | 'classes' | 'signature'> &
  Partial<Pick<ServableVersion, 'artifactPath'>>;

/**
 * Predicts with a tabular or text version after checking the inputs against its signature
 * (columns, finite numbers, texts): a mismatch is `serving.bad_input`, never a wrong answer.
 * The rows run on the serving runtime (worker threads, batched with other calls to the same
 * target). Regression outputs come back in the target's own units.
 */
export async function predictWithVersion(
  ctx: AppContext,
  version: VersionRef,
  inputs: unknown[],
  target: PredictTarget = { endpoint: '', settings: batchSettingsOf(ctx.config) },
): Promise<RowPredictionView[]> {
  const dir = version.artifactPath ?? (await artifactDir(ctx, version.id))!;
  const preprocessing = await ctx.modelCache.preprocessing(version.id, dir);
  if (!preprocessing || preprocessing.kind === 'image') {
    throw servingErrors.badInput(
      'wrong_kind',
      `${version.model}@${version.version} is an image model; deploy it and send an image to its endpoint`,
    );
  }
  let encoded: ReturnType<typeof encodeRawInputs>;
  try {
    encoded = encodeRawInputs(preprocessing, inputs);
  } catch (error) {
    throw fromMlError(error);
  }
  const size = encoded.x.length / inputs.length;
  assertFiniteInputs(encoded.x, size);
  const model = runtimeModelOf({
    id: version.id,
    model: version.model,
    version: version.version,
    inputShape: encoded.shape.slice(1),
    artifactPath: dir,
  });
  const out = await ctx.runtime.run(
    target.endpoint,
    model,
    { kind: 'tensor', rows: inputs.length, data: encoded.x },
    target.settings,
  );
  assertFiniteOutputs(out);
  const rows = Array.from({ length: out.rows }, (_, i) =>
    Array.from(out.values.subarray(i * out.units, (i + 1) * out.units)),
  );
  if (version.signature.task === 'regression') {
    const scale = preprocessing.kind === 'tabular' ? preprocessing.target : undefined;
    return rows.map((r) => ({ value: scale ? r[0]! * scale.std + scale.mean : r[0]! }));
  }
  return rows.map((r) => classify(r, version.classes));
}

/** A classifier's row: the best class and every class's probability (one unit: binary). */
export function classify(
  r: number[],
  classes: string[],
): { label: string; probabilities: { label: string; probability: number }[] } {
  const probs = r.length === 1 ? [1 - r[0]!, r[0]!] : r;
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return {
    label: classes[best] ?? String(best),
    probabilities: probs.map((probability, i) => ({
      label: classes[i] ?? String(i),
      probability,
    })),
  };
}

/**
 * Inputs a model cannot compute with: a number past float32's range (1e308 becomes Infinity once
 * it is a model input). Refused before anything runs, and so never billed.
 */
export function assertFiniteInputs(x: Float32Array, rowSize: number): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      const row = Math.floor(i / Math.max(1, rowSize)) + 1;
      throw servingErrors.badInput(
        'non_finite',
        `input ${row} holds a value the model cannot compute with (beyond ±3.4e38, the range of 32-bit floats, once prepared); send values in the range the model was trained on`,
      );
    }
  }
}

/**
 * Outputs that overflowed (Infinity or NaN activations) are an error, not a label "-1" with null
 * probabilities: the call fails and is not billed.
 */
export function assertFiniteOutputs(out: RuntimeOutput): void {
  for (let i = 0; i < out.values.length; i++) {
    if (!Number.isFinite(out.values[i]!)) {
      const row = Math.floor(i / Math.max(1, out.units)) + 1;
      throw servingErrors.badInput(
        'non_finite',
        `the model's output for input ${row} is not a finite number (its activations overflowed): the input is far outside the range the model was trained on; nothing was billed`,
      );
    }
  }
}

/**
 * The top class probability of each of `rows` of a dataset under a classifier version, with the
 * version's own preprocessing (images without one: scaled to 0..1), in batches of 256 rows on the
 * serving runtime. `align` lets the caller fit the dataset to the version's preprocessing first
 * (e.g. reorder table columns).
 */
export async function topClassProbabilities(
  ctx: AppContext,
  version: Pick<ModelVersionView, 'id' | 'model' | 'version' | 'inputShape'>,
  dataset: LoadedDataset,
  rows: number[],
  align: (data: LoadedDataset, preprocessing: Preprocessing) => LoadedDataset = (data) => data,
): Promise<number[]> {
  const dir = (await artifactDir(ctx, version.id))!;
  const preprocessing =
    (await ctx.modelCache.preprocessing(version.id, dir)) ??
    ({ kind: 'image', shape: version.inputShape, scale: 1 / 255 } as Preprocessing);
  const settings = { maxBatchRows: BATCH, maxDelayMs: 0, maxQueueRows: Number.MAX_SAFE_INTEGER };
  const top: number[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const subset = align(selectDatasetRows(dataset, batch), preprocessing);
    const prepared = applyPreprocessing(preprocessing, subset);
    const model = runtimeModelOf({
      id: version.id,
      model: version.model,
      version: version.version,
      inputShape: prepared.spec.inputShape,
      artifactPath: dir,
    });
    const out = await ctx.runtime.run(
      '(scoring)',
      model,
      { kind: 'tensor', rows: prepared.n, data: Float32Array.from(prepared.x) },
      settings,
    );
    for (let i = 0; i < batch.length; i++) {
      let best = 0;
      if (out.units === 1) best = Math.max(out.values[i]!, 1 - out.values[i]!);
      else
        for (let k = 0; k < out.units; k++) best = Math.max(best, out.values[i * out.units + k]!);
      top.push(best);
    }
  }
  return top;
}
