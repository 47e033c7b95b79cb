/** Endpoints (the serving domain). */

export interface EndpointTable {
  id: string;
  name: string;
  model_version_id: string;
  status: string;
  created_at: string;
  updated_at: string;
  /** Batching (null: the server's default; see 0032_serving_batching). */
  batch_max_rows: number | null;
  batch_max_delay_ms: number | null;
  queue_max_rows: number | null;
}
