import {
  applyPreprocessing,
  imageFeatures,
  type LoadedDataset,
  loadModel,
  loadPreprocessing,
  type Preprocessing,
  rowCountOf,
  selectDatasetRows,
  textFeatures,
  tf,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { loadSplitDataset } from '../data/data.service.ts';
import {
  EXTERNAL_DATASET,
  getModelVersionById,
  getServableVersion,
} from '../registry/registry.service.ts';
import * as store from './monitoring.store.ts';

/** Rows of the training data a reference keeps (Evidently's tests need no more). */
export const REFERENCE_ROWS = 2000;

/** Tokens of a text reference compared by name; the rest are one `<other>` category. */
export const REFERENCE_TOKENS = 100;

/** What drift is measured against: features of training rows and the model's answers on them. */
export interface DriftReference {
  kind: 'image' | 'tabular' | 'text';
  rows: number;
  /** Numeric columns: per image, per table column, or per text. */
  numeric: Record<string, number[]>;
  /** Images: pixels per intensity level 0..255. */
  intensity?: number[];
  /** Texts: the most frequent tokens (and `<other>`) with their counts. */
  tokens?: Record<string, number>;
  /** Classifiers: predicted label → count; regression: predicted values. */
  labels?: Record<string, number>;
  values?: number[];
}

const round = (values: ArrayLike<number>) => Array.from(values, (v) => Math.round(v * 1e5) / 1e5);

/** The model's answers on prepared rows: a label index each, or a value each. */
function answers(model: tf.LayersModel, p: Preprocessing, data: LoadedDataset) {
  const prepared = applyPreprocessing(p, data);
  const out = tf.tidy(() => {
    const x = tf.tensor(prepared.x, [prepared.n, ...prepared.spec.inputShape]);
    return model.predict(x) as tf.Tensor;
  });
  const values = out.dataSync();
  const units = out.shape[1] ?? 1;
  out.dispose();
  const labels: number[] = [];
  const outputs: number[] = [];
  for (let i = 0; i < prepared.n; i++) {
    const row = values.subarray(i * units, (i + 1) * units);
    if (prepared.spec.task === 'regression') {
      const t = p.kind === 'tabular' ? p.target : undefined;
      outputs.push(t ? row[0]! * t.std + t.mean : row[0]!);
    } else if (units === 1) labels.push(row[0]! >= 0.5 ? 1 : 0);
    else labels.push(row.indexOf(Math.max(...row)));
  }
  return { prepared, labels, outputs };
}

/** Computes the reference of a model on (a sample of) its training rows. */
export function computeReference(
  model: tf.LayersModel,
  preprocessing: Preprocessing,
  train: LoadedDataset,
  classes: string[],
): DriftReference {
  const count = rowCountOf(train);
  const step = Math.max(1, count / REFERENCE_ROWS);
  const picked = Array.from({ length: Math.min(count, REFERENCE_ROWS) }, (_, i) =>
    Math.floor(i * step),
  );
  const sample = selectDatasetRows(train, picked);
  const { prepared, labels, outputs } = answers(model, preprocessing, sample);
  const predicted =
    prepared.spec.task === 'regression'
      ? { values: round(outputs) }
      : {
          labels: labels.reduce<Record<string, number>>((m, l) => {
            const name = classes[l] ?? String(l);
            m[name] = (m[name] ?? 0) + 1;
            return m;
          }, {}),
        };
  if (sample.kind === 'image') {
    const size = sample.shape.reduce((a, b) => a * b, 1);
    const f = imageFeatures(sample.images, size);
    return {
      kind: 'image',
      rows: picked.length,
      numeric: {
        pixel_mean: round(f.pixelMean),
        pixel_std: round(f.pixelStd),
        ink_fraction: round(f.inkFraction),
      },
      intensity: f.intensityCounts,
      ...predicted,
    };
  }
  if (sample.kind === 'text' && preprocessing.kind === 'text') {
    const f = textFeatures(
      sample.texts,
      preprocessing.vocabulary,
      preprocessing.sequenceLength,
      preprocessing.tokenizer ?? 'legacy',
    );
    const top = [...f.tokenCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, REFERENCE_TOKENS);
    const other =
      [...f.tokenCounts.values()].reduce((s, n) => s + n, 0) - top.reduce((s, [, n]) => s + n, 0);
    return {
      kind: 'text',
      rows: picked.length,
      numeric: { tokens: round(f.length), oov_rate: round(f.oovRate) },
      tokens: { ...Object.fromEntries(top), '<other>': other },
      ...predicted,
    };
  }
  const columns = preprocessing.kind === 'tabular' ? preprocessing.columns : [];
  const width = columns.length;
  const numeric: Record<string, number[]> = {};
  columns.forEach((column, c) => {
    numeric[column] = round(
      Array.from({ length: prepared.n }, (_, r) => prepared.x[r * width + c]!),
    );
  });
  return { kind: 'tabular', rows: picked.length, numeric, ...predicted };
}

async function saveReference(ctx: AppContext, versionId: string, reference: DriftReference) {
  await store.putReference(ctx.db, {
    model_version_id: versionId,
    kind: reference.kind,
    rows: reference.rows,
    reference_json: JSON.stringify(reference),
    created_at: ctx.clock.now().toISOString(),
  });
}

/**
 * The training hook: stores the reference of a version just trained, from its training split.
 * A failure is reported and leaves the version without one (computed later from its lineage);
 * it never fails the training job.
 */
export async function recordTrainingReference(
  ctx: AppContext,
  versionId: string,
  train: LoadedDataset,
  model: tf.LayersModel,
  preprocessing: Preprocessing,
): Promise<boolean> {
  try {
    const version = await getServableVersion(ctx, versionId);
    await saveReference(
      ctx,
      versionId,
      computeReference(model, preprocessing, train, version?.classes ?? []),
    );
    return true;
  } catch (error) {
    process.emitWarning(
      `drift reference of ${versionId} not computed: ${(error as Error).message}`,
    );
    return false;
  }
}

/**
 * A version's reference: the stored one, or (versions trained before references, or by
 * search and cross-validation) computed now from the training split of its data set version.
 * Undefined for imported versions whose data set is not here.
 */
export async function referenceOf(
  ctx: AppContext,
  versionId: string,
): Promise<DriftReference | undefined> {
  const saved = await store.findReference(ctx.db, versionId);
  if (saved) return JSON.parse(saved.reference_json) as DriftReference;
  const view = await getModelVersionById(ctx, versionId);
  const version = await getServableVersion(ctx, versionId);
  if (!view || !version || view.datasetVersionId.startsWith(EXTERNAL_DATASET)) return undefined;
  if (view.dataset === '(deleted)') return undefined;
  const split = await loadSplitDataset(ctx, view.dataset, view.datasetVersion);
  const preprocessing =
    (await loadPreprocessing<Preprocessing>(version.artifactPath)) ??
    ({ kind: 'image', shape: version.inputShape, scale: 1 / 255 } as Preprocessing);
  const model = await loadModel(version.artifactPath);
  try {
    const reference = computeReference(model, preprocessing, split.train, version.classes);
    await saveReference(ctx, versionId, reference);
    return reference;
  } finally {
    model.dispose();
  }
}
