/** Endpoints (the serving domain). */

export interface EndpointTable {
  id: string;
  name: string;
  model_version_id: string;
  status: string;
  created_at: string;
  updated_at: string;
}
