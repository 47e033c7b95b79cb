import type { ClassLabels } from './class-labels.ts';
import type { LoadedDataset, TabularDataset, TextDataset } from './dataset-types.ts';
import { selectRows } from './image-dataset.ts';

/** Number of rows (images, documents, table rows) of any dataset. */
export function rowCountOf(dataset: LoadedDataset): number {
  if (dataset.kind === 'tabular') return dataset.rowCount;
  return dataset.labels.length;
}

/** Class index per row, or undefined for a regression table. */
export function classLabelsOf(dataset: LoadedDataset): ClassLabels | undefined {
  if (dataset.kind === 'tabular')
    return dataset.task === 'classification' ? dataset.labels : undefined;
  return dataset.labels;
}

/** Class names, empty for a regression table. */
export function classesOf(dataset: LoadedDataset): string[] {
  return dataset.classes ?? [];
}

/** Counts of each class by name (empty for regression). */
export function classDistribution(dataset: LoadedDataset): Record<string, number> {
  const classes = classesOf(dataset);
  const labels = classLabelsOf(dataset);
  const counts: Record<string, number> = Object.fromEntries(classes.map((c) => [c, 0]));
  if (labels) for (const label of labels) counts[classes[label]!]! += 1;
  return counts;
}

/** Copies the given rows (in the given order) into a new dataset of the same kind. */
export function selectDatasetRows<T extends LoadedDataset>(dataset: T, rows: ArrayLike<number>): T {
  switch (dataset.kind) {
    case 'image':
      return { kind: 'image', ...selectRows(dataset, rows) } as T;
    case 'tabular':
      return selectTabularRows(dataset, rows) as T;
    case 'text':
      return selectTextRows(dataset, rows) as T;
  }
  throw new TypeError('unknown dataset kind');
}

function selectTabularRows(dataset: TabularDataset, rows: ArrayLike<number>): TabularDataset {
  const width = dataset.columns.length;
  const features = new Float32Array(rows.length * width);
  const target = dataset.target ? new Float32Array(rows.length) : undefined;
  const labels = dataset.labels ? new Uint16Array(rows.length) : undefined;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    features.set(dataset.features.subarray(r * width, (r + 1) * width), i * width);
    if (target) target[i] = dataset.target![r]!;
    if (labels) labels[i] = dataset.labels![r]!;
  }
  return { ...dataset, features, rowCount: rows.length, target, labels };
}

function selectTextRows(dataset: TextDataset, rows: ArrayLike<number>): TextDataset {
  const texts: string[] = [];
  const labels = new Uint16Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    texts.push(dataset.texts[rows[i]!]!);
    labels[i] = dataset.labels[rows[i]!]!;
  }
  return { kind: 'text', texts, labels, classes: dataset.classes };
}
