/** Models, versions, aliases, tags and audit events (the registry domain). */

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
