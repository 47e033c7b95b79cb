/** Models, versions, training runs, registry aliases/tags/events and endpoints. */

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
  /** Model card (intended use, data, limitations) as JSON; null until written. */
  card_json?: string | null;
}

/** One training run: a plain run, a search trial or a cross-validation fold. */
export interface TrainingRunTable {
  id: string;
  job_id: string;
  kind: string;
  parent_job_id: string | null;
  experiment: string | null;
  status: string;
  dataset_version_id: string;
  template: string;
  config_json: string;
  epochs_json: string;
  metrics_json: string | null;
  system_json: string | null;
  model_version_id: string | null;
  checkpoint_path: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ModelAliasTable {
  model_id: string;
  alias: string;
  model_version_id: string;
  set_by: string;
  set_at: string;
}

export interface ModelVersionTagTable {
  model_version_id: string;
  key: string;
  value: string;
  set_by: string;
  set_at: string;
}

export interface RegistryEventTable {
  id: string;
  model_id: string;
  model_version_id: string | null;
  action: string;
  detail_json: string;
  actor: string;
  at: string;
}

export interface EndpointTable {
  id: string;
  name: string;
  model_version_id: string;
  status: string;
  created_at: string;
  updated_at: string;
}
