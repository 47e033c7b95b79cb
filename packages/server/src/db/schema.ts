/** Table types of the Qudao database. Times are ISO-8601 strings; JSON columns are text. */

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

export interface JobTable {
  id: string;
  queue: string;
  payload_json: string;
  status: string;
  /** `host:pid` of the process that owns the job (the in-process runner runs its own jobs). */
  worker: string | null;
  progress_json: string | null;
  history_json: string;
  result_json: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ModelTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ModelVersionTable {
  id: string;
  model_id: string;
  version: number;
  template: string;
  dataset_version_id: string;
  job_id: string | null;
  config_json: string;
  metrics_json: string;
  signature_json: string;
  artifact_path: string;
  artifact_hash: string;
  backend: string;
  created_at: string;
}

export interface EndpointTable {
  id: string;
  name: string;
  model_version_id: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface PartnerTable {
  id: string;
  name: string;
  tier: string;
  region: string | null;
  created_at: string;
}

export interface CustomerTable {
  id: string;
  name: string;
  partner_id: string | null;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  customer_id: string;
  prefix: string;
  secret_hash: string;
  status: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface UsageEventTable {
  id: string;
  endpoint_id: string;
  customer_id: string;
  partner_id: string | null;
  api_key_id: string;
  occurred_at: string;
  latency_ms: number;
}

export interface Database {
  datasets: DatasetTable;
  dataset_versions: DatasetVersionTable;
  labeling_items: LabelingItemTable;
  label_answers: LabelAnswerTable;
  jobs: JobTable;
  models: ModelTable;
  model_versions: ModelVersionTable;
  endpoints: EndpointTable;
  partners: PartnerTable;
  customers: CustomerTable;
  api_keys: ApiKeyTable;
  usage_events: UsageEventTable;
}
