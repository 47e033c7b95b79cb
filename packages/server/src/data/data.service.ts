import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BUILTIN_DATASETS,
  type DroppedRow,
  type FolderImport,
  isBuiltinDataset,
  isMlError,
  type LoadedDataset,
  loadBuiltinDataset,
  loadCifar10,
  loadIdxPair,
  loadImageFolder,
  loadTextFolder,
  rowCountOf,
  UNLABELED,
} from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { appErrorOfMl, mlErrorsAsAppErrors } from '../shared/ml-errors.ts';
import { parseInput } from '../shared/validate.ts';
import { dataErrors } from './data.errors.ts';
import {
  type CleaningReportView,
  type DatasetVersionView,
  type DatasetView,
  type ImportDatasetInput,
  ImportDatasetSchema,
} from './data.schemas.ts';
import * as store from './data.store.ts';
import { toView } from './data.views.ts';
import { createStaging, FILES, hashImageDataset, writeImageFiles } from './dataset-files.ts';
import { resolveImportPath } from './import-paths.ts';
import { commitVersion } from './version-commit.ts';
import { findVersionRow } from './version-load.ts';
import { VersionWriter } from './version-writer.ts';
import { archiveRoot, isZip, unpackZip } from './zip-archive.ts';

export { UNLABELED } from '@qudao/ml';
export type { DatasetVersionView } from './data.schemas.ts';
export type { DatasetVersionRow } from './data.store.ts';
export { previewRows, rowContent, rowLabel } from './data-rows.service.ts';
export {
  findVersionRow,
  loadKFoldDataset,
  loadSplitDataset,
  loadVersionRows,
  type SplitDataset,
} from './version-load.ts';

export function builtinNames(): string[] {
  return Object.keys(BUILTIN_DATASETS);
}

export interface SplitSettings {
  testFraction: number;
  validationFraction?: number;
  seed: number;
}

/**
 * Imports a built-in data set or an MNIST-style IDX pair as a new immutable version (or returns
 * the latest version unchanged when its content hash is the same). Rows are split
 * train/test, seeded, and stratified by class.
 */
export async function importDataset(
  ctx: AppContext,
  input: ImportDatasetInput,
): Promise<{ version: DatasetVersionView; created: boolean }> {
  const request = parseInput(ImportDatasetSchema, input, 'dataset import');
  let dataset: LoadedDataset;
  let source: string;
  if (request.builtin) {
    if (!isBuiltinDataset(request.builtin)) {
      throw dataErrors.unknownBuiltin(request.builtin, builtinNames());
    }
    dataset = await loadBuiltinDataset(request.builtin);
    source = `builtin:${request.builtin}`;
  } else if (request.idx) {
    const images = await resolveImportPath(ctx, request.idx.images);
    const labels = await resolveImportPath(ctx, request.idx.labels);
    dataset = { kind: 'image', ...(await readIdx(images, labels)) };
    source = `idx:${path.basename(images)}+${path.basename(labels)}`;
  } else if (request.cifar) {
    const file = await resolveImportPath(ctx, request.cifar, 'any');
    dataset = { kind: 'image', ...(await mlErrorsAsAppErrors(() => loadCifar10(file))) };
    source = `cifar10:${path.basename(file)}`;
  } else {
    return importFolderAt(ctx, request, await resolveImportPath(ctx, request.folder!.path, 'any'));
  }
  return importLoadedDataset(ctx, request.name, dataset, { ...request, source });
}

/**
 * Imports `request.folder` from an already resolved path: a folder, or a .zip of one that is
 * unpacked to a temporary folder and removed afterwards.
 */
export async function importFolderAt(
  ctx: AppContext,
  request: ReturnType<typeof ImportDatasetSchema.parse>,
  given: string,
) {
  if (!isZip(given)) return importFolder(ctx, request, given);
  const dir = await unpackZip(given, ctx.paths.tmp, ctx.config);
  try {
    return await importFolder(ctx, request, await archiveRoot(dir), path.basename(given));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function importFolder(
  ctx: AppContext,
  request: ReturnType<typeof ImportDatasetSchema.parse>,
  root: string,
  label = path.basename(root),
) {
  const spec = request.folder!;
  if (!(await stat(root)).isDirectory()) {
    throw dataErrors.badFormat(`${spec.path} is not a folder or a .zip archive`);
  }
  const loaded = await mlErrorsAsAppErrors<FolderImport<LoadedDataset>>(() =>
    spec.type === 'images'
      ? loadImageFolder(root, { ...spec, off: request.clean.off }).then((r) => ({
          ...r,
          dataset: { kind: 'image' as const, ...r.dataset },
        }))
      : loadTextFolder(root, { off: request.clean.off }),
  );
  if (rowCountOf(loaded.dataset) === 0) {
    throw dataErrors.empty(`no readable ${spec.type} are left in ${spec.path}`);
  }
  return importLoadedDataset(ctx, request.name, loaded.dataset, {
    ...request,
    source: `folder:${label}`,
    report: loaded.report,
    dropped: loaded.dropped,
  });
}

/** Stores an in-memory dataset of any kind as the next version of `name`. */
export async function importLoadedDataset(
  ctx: AppContext,
  name: string,
  dataset: LoadedDataset,
  options: SplitSettings & {
    source: string;
    parentId?: string | null;
    report?: object;
    dropped?: DroppedRow[];
    /** A split code per row to keep (see CommitInput.split), instead of a drawn split. */
    split?: Uint8Array;
  },
) {
  const staging = await createStaging(ctx.paths.tmp);
  try {
    if (options.report) {
      await writeFile(path.join(staging, FILES.report), JSON.stringify(options.report, null, 2));
      await writeFile(
        path.join(staging, FILES.dropped),
        options.dropped?.map((d) => `${JSON.stringify(d)}\n`).join('') ?? '',
      );
    }
    if (dataset.kind === 'image') {
      await writeImageFiles(staging, dataset);
      return await commitVersion(ctx, {
        ...options,
        name,
        staging,
        hash: hashImageDataset(dataset),
        schema: { kind: 'image', shape: dataset.shape, classes: dataset.classes },
        rowCount: dataset.labels.length,
        labels: dataset.labels,
      });
    }
    const writer = new VersionWriter(staging, dataset.kind);
    if (dataset.kind === 'tabular') {
      const width = dataset.columns.length;
      for (let r = 0; r < dataset.rowCount; r++) {
        await writer.append({
          features: dataset.features.subarray(r * width, (r + 1) * width),
          ...(dataset.task === 'classification'
            ? { label: dataset.classes![dataset.labels![r]!]! }
            : { target: dataset.target![r]! }),
        });
      }
    } else {
      for (let r = 0; r < dataset.texts.length; r++) {
        const label = dataset.labels[r]!;
        await writer.append({
          text: dataset.texts[r]!,
          label: label === UNLABELED ? null : dataset.classes[label]!,
        });
      }
    }
    const finished = await writer.finish(
      dataset.kind === 'tabular'
        ? {
            kind: 'tabular',
            columns: dataset.columns,
            task: dataset.task,
            targetName: dataset.targetName,
            classes: dataset.classes ?? [],
          }
        : { kind: 'text', classes: dataset.classes },
    );
    return await commitVersion(ctx, {
      ...options,
      ...finished,
      name,
      staging,
      rowCount: writer.rowCount,
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function readIdx(images: string, labels: string) {
  try {
    return await loadIdxPair(images, labels);
  } catch (error) {
    if (isMlError(error)) throw appErrorOfMl(error);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw dataErrors.fileNotFound((error as NodeJS.ErrnoException).path ?? images);
    }
    throw error;
  }
}

export async function listDatasets(ctx: AppContext): Promise<DatasetView[]> {
  const rows = await store.listDatasetsWithCounts(ctx.db);
  const out: DatasetView[] = [];
  for (const row of rows) {
    const latest = await store.latestVersion(ctx.db, row.id);
    if (latest) {
      out.push({
        name: row.name,
        versions: Number(row.versions),
        latest: await toView(ctx, latest),
      });
    }
  }
  return out;
}

/** Resolves `name` (latest) or `name@version` to a stored version. */
export async function getDatasetVersion(
  ctx: AppContext,
  name: string,
  version?: number,
): Promise<DatasetVersionView> {
  return toView(ctx, await findVersionRow(ctx, name, version));
}

/** Every version of a dataset, oldest first. */
export async function listDatasetVersions(
  ctx: AppContext,
  name: string,
): Promise<DatasetVersionView[]> {
  const dataset = await store.findDatasetByName(ctx.db, name);
  if (!dataset) throw dataErrors.datasetNotFound(name);
  return Promise.all((await store.listVersions(ctx.db, dataset.id)).map((r) => toView(ctx, r)));
}

export async function getDatasetVersionById(ctx: AppContext, id: string) {
  const row = await store.findVersionById(ctx.db, id);
  return row ? toView(ctx, row) : undefined;
}

/** The cleaning report of a version (rules, counts per rule with examples), or null. */
export async function getCleaningReport(
  ctx: AppContext,
  name: string,
  version?: number,
): Promise<CleaningReportView | null> {
  const row = await findVersionRow(ctx, name, version);
  return row.report_json ? (JSON.parse(row.report_json) as CleaningReportView) : null;
}
