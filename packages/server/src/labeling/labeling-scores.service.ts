import type { LoadedDataset, Preprocessing, TabularDataset } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { type DatasetVersionRow, loadVersionRows } from '../data/data.service.ts';
import { resolveModelRef } from '../registry/registry-lifecycle.service.ts';
import { topClassProbabilities } from '../serving/version-predict.service.ts';
import { labelingErrors } from './labeling.errors.ts';
import * as store from './labeling.store.ts';

/**
 * Active learning: runs a registered model version (`<model>@<version>` or an alias) over the
 * queued items of a dataset version, with the version's own preprocessing, and stores each
 * item's confidence (its top class probability) for least-confident-first serving.
 * `onlyUnscored` scores just the items that have no confidence yet.
 */
export async function scoreLabelingQueue(
  ctx: AppContext,
  row: DatasetVersionRow,
  modelRef: string,
  onlyUnscored = false,
) {
  const version = await resolveModelRef(ctx, modelRef);
  const ref = `${version.model}@${version.version}`;
  if (version.signature.task === 'regression') {
    throw labelingErrors.modelMismatch(
      `${ref} is a regression model; it gives no class confidences`,
    );
  }
  const items = (await store.listItems(ctx.db, row.id)).filter(
    (item) => !onlyUnscored || item.confidence === null,
  );
  if (items.length === 0) return { model: ref, scored: 0 };
  const { full } = await loadVersionRows(ctx, row);
  const kind = version.signature.kind ?? 'image';
  if (full.kind !== kind) {
    throw labelingErrors.modelMismatch(`${ref} reads ${kind} data; this dataset is ${full.kind}`);
  }
  const classes = full.classes ?? [];
  if (JSON.stringify(classes) !== JSON.stringify(version.classes)) {
    throw labelingErrors.modelMismatch(
      `the model's classes (${version.classes.join(', ')}) are not the dataset's (${classes.join(', ')})`,
    );
  }
  const top = await topClassProbabilities(
    ctx,
    version,
    full,
    items.map((item) => item.row),
    (data, preprocessing) => alignColumns(data, preprocessing, ref),
  );
  const confidences = items.map((item, i) => ({ row: item.row, confidence: top[i]! }));
  await ctx.db.transaction().execute(async (trx) => {
    for (const c of confidences) await store.setConfidence(trx, row.id, c.row, c.confidence);
  });
  return { model: ref, scored: confidences.length };
}

/** A tabular dataset's columns in the order the model was trained on (extra columns dropped). */
function alignColumns(data: LoadedDataset, p: Preprocessing, ref: string): LoadedDataset {
  if (data.kind !== 'tabular' || p.kind !== 'tabular') return data;
  if (JSON.stringify(data.columns) === JSON.stringify(p.columns)) return data;
  const index = p.columns.map((c) => data.columns.indexOf(c));
  const missing = p.columns.filter((_, j) => index[j]! < 0);
  if (missing.length > 0) {
    throw labelingErrors.modelMismatch(
      `${ref} needs columns this dataset lacks: ${missing.join(', ')}`,
    );
  }
  const w = data.columns.length;
  const d = p.columns.length;
  const features = new Float32Array(data.rowCount * d);
  for (let r = 0; r < data.rowCount; r++) {
    for (let j = 0; j < d; j++) features[r * d + j] = data.features[r * w + index[j]!]!;
  }
  return { ...data, columns: [...p.columns], features } as TabularDataset & LoadedDataset;
}
