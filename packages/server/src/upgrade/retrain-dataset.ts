import { type LoadedDataset, rowCountOf } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import type { DatasetVersionView } from '../data/data.schemas.ts';
import { findVersionRow, importLoadedDataset, loadVersionRows } from '../data/data.service.ts';
import { type LabelledExample, labelledExamples } from '../monitoring/ground-truth.service.ts';
import type { ModelVersionView } from '../registry/registry.schemas.ts';

export interface RetrainData {
  /** The version the candidate trains on (the base itself when there was no usable feedback). */
  version: DatasetVersionView;
  base: DatasetVersionView;
  /** Labelled predictions added as training rows. */
  added: number;
  /** Labelled predictions that could not be used (no input kept, a class the data set lacks…). */
  skipped: number;
}

function tabularRow(input: unknown, columns: string[]): number[] | null {
  const values = Array.isArray(input)
    ? input
    : input && typeof input === 'object'
      ? columns.map((c) => (input as Record<string, unknown>)[c])
      : null;
  if (!values || values.length !== columns.length) return null;
  const numbers = values.map((v) => (typeof v === 'string' ? Number(v) : v));
  return numbers.every((v) => typeof v === 'number' && Number.isFinite(v))
    ? (numbers as number[])
    : null;
}

/** The base rows plus the usable examples, and how many were used. */
function combine(full: LoadedDataset, examples: LabelledExample[]) {
  const classIndex = (label: string | null) => {
    const classes = full.kind === 'tabular' ? (full.classes ?? []) : full.classes;
    const i = label === null ? -1 : classes.indexOf(label);
    return i < 0 ? null : i;
  };
  if (full.kind === 'image') {
    const size = full.shape[0] * full.shape[1] * full.shape[2];
    const usable = examples.filter(
      (e) =>
        e.inputKind === 'image' &&
        (e.input as Uint8Array).length === size &&
        classIndex(e.label) !== null,
    );
    const images = new Uint8Array(full.images.length + usable.length * size);
    images.set(full.images);
    const labels = new Uint16Array(full.labels.length + usable.length);
    labels.set(full.labels);
    usable.forEach((e, i) => {
      images.set(e.input as Uint8Array, full.images.length + i * size);
      labels[full.labels.length + i] = classIndex(e.label)!;
    });
    return { data: { ...full, images, labels } as LoadedDataset, added: usable.length };
  }
  if (full.kind === 'text') {
    const usable = examples.filter(
      (e) => typeof e.input === 'string' && classIndex(e.label) !== null,
    );
    const labels = new Uint16Array(full.labels.length + usable.length);
    labels.set(full.labels);
    usable.forEach((e, i) => {
      labels[full.labels.length + i] = classIndex(e.label)!;
    });
    return {
      data: { ...full, texts: [...full.texts, ...usable.map((e) => e.input as string)], labels },
      added: usable.length,
    };
  }
  const classification = full.task === 'classification';
  const rows = examples
    .map((e) => ({ e, row: tabularRow(e.input, full.columns) }))
    .filter(
      ({ e, row }) => row && (classification ? classIndex(e.label) !== null : e.value !== null),
    );
  const width = full.columns.length;
  const features = new Float32Array(full.features.length + rows.length * width);
  features.set(full.features);
  rows.forEach(({ row }, i) => {
    features.set(row!, full.features.length + i * width);
  });
  const data: LoadedDataset = { ...full, features, rowCount: full.rowCount + rows.length };
  if (classification) {
    const labels = new Uint16Array(full.rowCount + rows.length);
    labels.set(full.labels ?? []);
    rows.forEach(({ e }, i) => {
      labels[full.rowCount + i] = classIndex(e.label)!;
    });
    data.labels = labels;
  } else {
    const target = new Float32Array(full.rowCount + rows.length);
    target.set(full.target ?? []);
    rows.forEach(({ e }, i) => {
      target[full.rowCount + i] = e.value!;
    });
    data.target = target;
  }
  return { data, added: rows.length };
}

/**
 * The data set version a retraining trains on: every row of the production version's data set
 * version, with its split kept (so its held-out rows stay held out, and both models are scored
 * on them), plus the endpoint's labelled predictions as training rows.
 */
export async function retrainDataset(
  ctx: AppContext,
  production: ModelVersionView,
  endpoint: { id: string; name: string },
  limit = 100_000,
): Promise<RetrainData> {
  const row = await findVersionRow(ctx, production.dataset, production.datasetVersion);
  const { view: base, full, split } = await loadVersionRows(ctx, row);
  const examples = await labelledExamples(ctx, endpoint.id, limit);
  const { data, added } = combine(full, examples);
  if (added === 0) return { version: base, base, added: 0, skipped: examples.length };
  const codes = new Uint8Array(rowCountOf(data));
  codes.set(split);
  // Feedback rows train (code 0); none is held out, so the held-out set is the base version's.
  const result = await importLoadedDataset(ctx, production.dataset, data, {
    testFraction: 0.2,
    seed: base.splits.seed ?? 42,
    source: `retrain:${endpoint.name} (${production.dataset}@${base.version} + ${added} labelled predictions)`,
    parentId: base.id,
    split: codes,
  });
  return { version: result.version, base, added, skipped: examples.length - added };
}
