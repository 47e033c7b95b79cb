import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ClassLabels, splitCodes, stratifiedSplit, UNLABELED } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { newId, nowIso } from '../shared/ids.ts';
import type { DatasetVersionView } from './data.schemas.ts';
import * as store from './data.store.ts';
import { toView } from './data.views.ts';
import { FILES, publishStaging } from './dataset-files.ts';
import type { VersionSchema } from './version-writer.ts';

/** Class index of a row nobody has labelled yet (excluded from training and counts). */
export { UNLABELED };

export interface CommitInput {
  name: string;
  staging: string;
  hash: string;
  schema: VersionSchema;
  rowCount: number;
  /** Class index per row (classification); UNLABELED for rows still to label. */
  labels?: ClassLabels;
  /** Regression target per row. */
  target?: Float32Array;
  testFraction: number;
  validationFraction?: number;
  seed: number;
  source: string;
  /** The version this one was derived from; default the dataset's latest. */
  parentId?: string | null;
  report?: object;
  /**
   * Split code per row (0 train, 1 test, 2 validation) instead of a drawn split: a version
   * derived from another keeps its held-out rows held out (the retraining loop evaluates old and
   * new models on the same test rows).
   */
  split?: Uint8Array;
}

/**
 * Turns a finished staging folder into the dataset's next version: a seeded (stratified for
 * classes) split, the rename into `datasets/<name>/v<N>/`, then the database row. The same
 * content as the latest version gives that version back and discards the staging folder.
 */
export async function commitVersion(
  ctx: AppContext,
  input: CommitInput,
): Promise<{ version: DatasetVersionView; created: boolean }> {
  let dataset = await store.findDatasetByName(ctx.db, input.name);
  const latest = dataset ? await store.latestVersion(ctx.db, dataset.id) : undefined;
  if (latest && latest.hash === input.hash) {
    await rm(input.staging, { recursive: true, force: true });
    return { version: await toView(ctx, latest), created: false };
  }
  const split = computeSplit(input);
  await writeFile(path.join(input.staging, FILES.split), split.codes);
  const distribution: Record<string, number> = Object.fromEntries(
    input.schema.classes.map((c) => [c, 0]),
  );
  if (input.labels) {
    for (const label of input.labels) {
      if (label !== UNLABELED) distribution[input.schema.classes[label]!]! += 1;
    }
  }
  if (!dataset) {
    dataset = { id: newId('ds'), name: input.name, created_at: nowIso() };
    await store.insertDataset(ctx.db, dataset);
  }
  const version = (latest?.version ?? 0) + 1;
  const dir = path.join(ctx.paths.datasets, input.name, `v${version}`);
  await publishStaging(input.staging, dir);
  const id = newId('dsv');
  const { kind, ...schemaRest } = input.schema;
  await store.insertDatasetVersion(ctx.db, {
    id,
    dataset_id: dataset.id,
    version,
    hash: input.hash,
    row_count: input.rowCount,
    kind,
    schema_json: JSON.stringify({
      ...(kind === 'image' ? schemaRest : input.schema),
      ...(input.target ? { targetStats: targetStats(input.target) } : {}),
    }),
    label_distribution_json: JSON.stringify(distribution),
    splits_json: JSON.stringify({ ...split.counts, seed: input.seed, stratified: !!input.labels }),
    source: input.source,
    parent_id: input.parentId === undefined ? (latest?.id ?? null) : input.parentId,
    path: dir,
    created_at: nowIso(),
    report_json: input.report ? JSON.stringify(input.report) : null,
  });
  return { version: await toView(ctx, (await store.findVersionById(ctx.db, id))!), created: true };
}

function computeSplit(input: CommitInput) {
  if (input.split) return { codes: input.split, counts: countSplit(input.split, input.labels) };
  const options = {
    testFraction: input.testFraction,
    validationFraction: input.validationFraction ?? 0,
    seed: input.seed,
  };
  let codes: Uint8Array;
  if (input.schema.kind === 'image' && input.labels) {
    // Images keep the index-based split they always had, so re-imports split identically.
    const s = stratifiedSplit(input.labels, options);
    codes = new Uint8Array(input.rowCount);
    for (const i of s.test) codes[i] = 1;
    for (const i of s.validation) codes[i] = 2;
  } else {
    codes = splitCodes(input.rowCount, input.labels, options);
  }
  return { codes, counts: countSplit(codes, input.labels) };
}

function countSplit(codes: Uint8Array, labels: CommitInput['labels']) {
  const counts = { train: 0, test: 0, validation: 0 };
  for (let i = 0; i < codes.length; i++) {
    if (labels?.[i] === UNLABELED) continue;
    if (codes[i] === 1) counts.test++;
    else if (codes[i] === 2) counts.validation++;
    else counts.train++;
  }
  return counts;
}

function targetStats(target: Float32Array) {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of target) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: target.length ? sum / target.length : 0 };
}
