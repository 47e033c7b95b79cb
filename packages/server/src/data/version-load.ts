import {
  type ImageDataset,
  kFoldAssignments,
  kFoldIndices,
  type LoadedDataset,
  SPLIT_CODES,
  selectDatasetRows,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { dataErrors } from './data.errors.ts';
import type { DatasetVersionView } from './data.schemas.ts';
import type { DatasetVersionRow } from './data.store.ts';
import * as store from './data.store.ts';
import { parseSchema, toView } from './data.views.ts';
import { readVersionFiles } from './dataset-files.ts';
import { UNLABELED } from './version-commit.ts';

/** Resolves `name` (latest) or `name@version` to its stored row. */
export async function findVersionRow(
  ctx: AppContext,
  name: string,
  version?: number,
): Promise<DatasetVersionRow> {
  const dataset = await store.findDatasetByName(ctx.db, name);
  if (!dataset) throw dataErrors.datasetNotFound(name);
  const row =
    version === undefined
      ? await store.latestVersion(ctx.db, dataset.id)
      : await store.findVersion(ctx.db, dataset.id, version);
  if (!row) throw dataErrors.versionNotFound(name, version ?? 1);
  return row;
}

/** Every row of a stored version (unlabelled rows included) and its split code per row. */
export async function loadVersionRows(
  ctx: AppContext,
  row: DatasetVersionRow,
): Promise<{ view: DatasetVersionView; full: LoadedDataset; split: Uint8Array }> {
  const view = await toView(ctx, row);
  const schema = parseSchema(row);
  const files = await readVersionFiles(row.path);
  const n = view.rowCount;
  const broken = (why: string) => dataErrors.corruptVersion(view.dataset, view.version, why);
  if (files.split.length !== n) throw broken('split.u8 does not match the row count');
  let full: LoadedDataset;
  if (schema.kind === 'image') {
    const pixels = schema.shape[0] * schema.shape[1] * schema.shape[2];
    if (files.labels?.length !== n || files.images?.length !== n * pixels) {
      throw broken('row count does not match the manifest');
    }
    const image: ImageDataset = {
      images: files.images,
      labels: files.labels,
      shape: schema.shape,
      classes: schema.classes,
    };
    full = { kind: 'image', ...image };
  } else if (schema.kind === 'tabular') {
    if (files.features?.length !== n * schema.columns.length) throw broken('features.f32 size');
    const classification = schema.task === 'classification';
    if (classification ? files.labels?.length !== n : files.target?.length !== n) {
      throw broken(classification ? 'labels.u8 size' : 'target.f32 size');
    }
    full = {
      kind: 'tabular',
      columns: schema.columns,
      features: files.features,
      rowCount: n,
      task: schema.task,
      targetName: schema.targetName,
      ...(classification
        ? { labels: files.labels, classes: schema.classes }
        : { target: files.target }),
    };
  } else {
    if (files.texts?.length !== n || files.labels?.length !== n) throw broken('texts.jsonl size');
    full = { kind: 'text', texts: files.texts, labels: files.labels, classes: schema.classes };
  }
  return { view, full, split: files.split };
}

export interface SplitDataset {
  version: DatasetVersionView;
  train: LoadedDataset;
  test: LoadedDataset;
  /** Present when the version was split with a validation fraction. */
  validation?: LoadedDataset;
}

/**
 * Loads a version and returns its stored train/test (and validation) splits, each of the
 * version's kind (`image`, `tabular`, `text`). Rows still to be labelled are left out.
 */
export async function loadSplitDataset(
  ctx: AppContext,
  name: string,
  version?: number,
): Promise<SplitDataset> {
  const row = await findVersionRow(ctx, name, version);
  const { view, full, split } = await loadVersionRows(ctx, row);
  const labels = full.kind === 'tabular' ? full.labels : full.labels;
  const parts: Record<'train' | 'test' | 'validation', number[]> = {
    train: [],
    test: [],
    validation: [],
  };
  for (let i = 0; i < split.length; i++) {
    if (labels?.[i] === UNLABELED) continue;
    const code = split[i];
    (code === SPLIT_CODES.test
      ? parts.test
      : code === SPLIT_CODES.validation
        ? parts.validation
        : parts.train
    ).push(i);
  }
  return {
    version: view,
    train: selectDatasetRows(full, parts.train),
    test: selectDatasetRows(full, parts.test),
    ...(parts.validation.length > 0
      ? { validation: selectDatasetRows(full, parts.validation) }
      : {}),
  };
}

/**
 * k-fold cross-validation over a version's train split (test rows stay held out): seeded,
 * stratified by class; fold i validates on its rows and trains on the other k-1 folds.
 */
export async function loadKFoldDataset(
  ctx: AppContext,
  name: string,
  options: { k: number; seed?: number; version?: number },
) {
  const { version, train } = await loadSplitDataset(ctx, name, options.version);
  const labels = train.kind === 'tabular' ? train.labels : train.labels;
  const count = train.kind === 'tabular' ? train.rowCount : train.labels.length;
  let folds: Uint8Array;
  try {
    folds = kFoldAssignments(count, labels, options.k, options.seed ?? 42);
  } catch (error) {
    throw dataErrors.badMapping((error as Error).message);
  }
  return {
    version,
    k: options.k,
    folds: Array.from({ length: options.k }, (_, f) => {
      const { train: rows, validation } = kFoldIndices(folds, f);
      return {
        train: selectDatasetRows(train, rows),
        validation: selectDatasetRows(train, validation),
      };
    }),
  };
}
