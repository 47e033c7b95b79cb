import type { ClassLabels } from './class-labels.ts';
import type { ImageDataset } from './image-dataset.ts';

/** Rows of numeric features with a numeric target (regression) or a class (classification). */
export interface TabularDataset {
  kind: 'tabular';
  /** Names of the feature columns, in order. */
  columns: string[];
  /** Row-major features, `rowCount * columns.length` values. */
  features: Float32Array;
  rowCount: number;
  task: 'regression' | 'classification';
  /** Regression target per row (task 'regression'). */
  target?: Float32Array;
  /** Class index per row (task 'classification'). */
  labels?: ClassLabels;
  /** Class names (task 'classification'). */
  classes?: string[];
  /** Name of the target column. */
  targetName: string;
}

/** Documents with a class each (e.g. spam/ham mail), in any language. */
export interface TextDataset {
  kind: 'text';
  texts: string[];
  labels: ClassLabels;
  classes: string[];
}

/** Any dataset the platform trains on. Image datasets are `ImageDataset` with kind 'image'. */
export type LoadedDataset = (ImageDataset & { kind: 'image' }) | TabularDataset | TextDataset;
