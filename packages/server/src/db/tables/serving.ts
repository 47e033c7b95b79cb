/** Endpoints and their traffic history (the serving domain). */

export interface EndpointTable {
  id: string;
  name: string;
  /**
   * The version it serves when pinned; when it routes by `alias`, the version the alias pointed
   * at when it was deployed (routing follows the alias, not this).
   */
  model_version_id: string;
  status: string;
  created_at: string;
  updated_at: string;
  /** Batching (null: the server's default; see 0032_serving_batching). */
  batch_max_rows: number | null;
  batch_max_delay_ms: number | null;
  queue_max_rows: number | null;
  /** The model whose `alias` it routes by (null: pinned to model_version_id). */
  model_name?: string | null;
  alias?: string | null;
  /** The canary: a version or an alias of the same model, on `canary_percent` of the callers. */
  canary_model?: string | null;
  canary_version_id?: string | null;
  canary_alias?: string | null;
  canary_percent?: number | null;
  canary_since?: string | null;
  /** The shadow: a version or alias of any model with the same input, on `shadow_percent` of calls. */
  shadow_model?: string | null;
  shadow_version_id?: string | null;
  shadow_alias?: string | null;
  shadow_percent?: number | null;
  shadow_since?: string | null;
}

/** Who changed an endpoint's traffic, when, and how (deploy, canary, shadow, promote, rollback…). */
export interface EndpointEventTable {
  id: string;
  endpoint_id: string;
  action: string;
  detail_json: string;
  actor: string;
  at: string;
}
