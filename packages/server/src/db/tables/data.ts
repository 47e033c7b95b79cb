/** Datasets, their versions and the labeling queue (the data domain). */

export interface DatasetTable {
  id: string;
  name: string;
  created_at: string;
}

export interface DatasetVersionTable {
  id: string;
  dataset_id: string;
  version: number;
  hash: string;
  row_count: number;
  kind: string;
  schema_json: string;
  label_distribution_json: string;
  splits_json: string;
  source: string;
  parent_id: string | null;
  path: string;
  created_at: string;
  /** The cleaning report of the import that made this version (JSON), if it was cleaned. */
  report_json: string | null;
}

export interface LabelingItemTable {
  id: string;
  dataset_version_id: string;
  row: number;
  /** unlabeled | disputed */
  reason: string;
  /** The current model's top probability for this row (least-confident-first order). */
  confidence: number | null;
  /** Stable position for in-order and random serving. */
  position: number;
  created_at: string;
}

export interface LabelAnswerTable {
  id: string;
  item_id: string;
  labeler: string;
  label: string;
  created_at: string;
}
