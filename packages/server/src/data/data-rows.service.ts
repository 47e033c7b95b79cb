import { type LoadedDataset, SPLIT_CODES } from '@qudao/ml';
import type { AppContext } from '../context.ts';
import { type DatasetRowsView, MAX_PREVIEW_VALUES, type RowContentView } from './data.schemas.ts';
import { UNLABELED } from './version-commit.ts';
import { findVersionRow, loadVersionRows } from './version-load.ts';

const SPLIT_NAMES = Object.fromEntries(
  Object.entries(SPLIT_CODES).map(([name, code]) => [code, name]),
) as Record<number, DatasetRowsView['rows'][number]['split']>;

/** What a person looks at in row `row`: its text, its feature values by column, or its pixels. */
export function rowContent(dataset: LoadedDataset, row: number): RowContentView {
  if (dataset.kind === 'text') return { kind: 'text', text: dataset.texts[row]! };
  if (dataset.kind === 'tabular') {
    const w = dataset.columns.length;
    const values = Array.from(dataset.features.subarray(row * w, (row + 1) * w));
    return {
      kind: 'tabular',
      values: Object.fromEntries(dataset.columns.map((c, j) => [c, values[j]!])),
    };
  }
  const size = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  return {
    kind: 'image',
    shape: dataset.shape,
    pixels: Array.from(dataset.images.subarray(row * size, (row + 1) * size)),
  };
}

/** The class of row `row`, or null when it is unlabelled (or the data set is a regression). */
export function rowLabel(dataset: LoadedDataset, row: number): string | null {
  const label = dataset.labels?.[row];
  return label === undefined || label === UNLABELED ? null : (dataset.classes?.[label] ?? null);
}

/**
 * A page of a version's rows in stored order, as the console previews them. Image pages are cut
 * to MAX_PREVIEW_VALUES pixel values (at least one row), so a page of large images stays small.
 */
export async function previewRows(
  ctx: AppContext,
  name: string,
  version: number,
  page: { offset: number; limit: number },
): Promise<DatasetRowsView> {
  const { view, full, split } = await loadVersionRows(
    ctx,
    await findVersionRow(ctx, name, version),
  );
  let limit = page.limit;
  if (full.kind === 'image') {
    const size = full.shape[0] * full.shape[1] * full.shape[2];
    limit = Math.max(1, Math.min(limit, Math.floor(MAX_PREVIEW_VALUES / size)));
  }
  const end = Math.min(view.rowCount, page.offset + limit);
  const rows: DatasetRowsView['rows'] = [];
  for (let row = page.offset; row < end; row++) {
    rows.push({
      row,
      split: SPLIT_NAMES[split[row]!] ?? 'train',
      label: rowLabel(full, row),
      value: full.kind === 'tabular' && full.target ? full.target[row]! : null,
      content: rowContent(full, row),
    });
  }
  return { total: view.rowCount, offset: page.offset, rows };
}
