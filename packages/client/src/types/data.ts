/** Datasets, versions, uploads and the labeling queue. */

export interface DatasetVersion {
  id: string;
  dataset: string;
  version: number;
  hash: string;
  rowCount: number;
  kind: 'image' | 'tabular' | 'text';
  task: 'classification' | 'regression';
  shape: number[];
  classes: string[];
  columns?: string[];
  targetName?: string;
  labelDistribution: Record<string, number>;
  targetStats?: { min: number; max: number; mean: number };
  warnings: string[];
  splits: { train: number; test: number; validation: number; seed: number | null };
  sources?: string[];
  source: string;
  parent: string | null;
  cleaning?: {
    inputRows: number;
    keptRows: number;
    droppedRows: number;
    byRule: Record<string, { dropped: number; fixed: number }>;
  };
  createdAt: string;
}

/** One item of a dataset's labeling queue, with what a person needs to label it. */
export interface LabelingItem {
  id: string;
  row: number;
  reason: string;
  confidence: number | null;
  classes: string[];
  currentLabel: string | null;
  content:
    | { kind: 'text'; text: string }
    | { kind: 'tabular'; values: Record<string, number> }
    | { kind: 'image'; shape: [number, number, number]; pixels: number[] };
}

/** How an uploaded file is imported (`QudaoClient.uploadDataset`). */
export interface UploadDatasetOptions {
  /** A table (default), or a .zip with one folder of images or texts per class. */
  type?: 'table' | 'images' | 'texts';
  format?: 'csv' | 'tsv' | 'jsonl';
  delimiter?: string;
  header?: boolean | 'auto';
  label?: string;
  text?: string;
  features?: string[];
  task?: 'classification' | 'regression';
  mapping?: Record<string, string>;
  labelValues?: Record<string, string>;
  ranges?: Record<string, [number, number]>;
  keepUnlabeled?: boolean;
  clean?: { off: string[] };
  testFraction?: number;
  validationFraction?: number;
  seed?: number;
  /** Image size for type `images`. */
  height?: number;
  width?: number;
  channels?: 1 | 3;
}

export type LabelingOrder = 'order' | 'random' | 'least-confident';

export interface LabelingStats {
  dataset: string;
  version: number;
  items: number;
  answered: number;
  byLabeler: Record<string, number>;
  agreement: { labelers: [string, string]; items: number; kappa: number }[];
  disputed: number;
  /** When the queue was opened with a model: which version scored how many items. */
  scores?: { model: string; scored: number };
}

export interface Dataset {
  name: string;
  latest: DatasetVersion;
  versions: number;
}
