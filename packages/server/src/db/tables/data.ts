/** Datasets and their versions (the data domain). */

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
