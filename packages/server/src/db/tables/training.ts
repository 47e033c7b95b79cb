/** Training runs (the training domain). */

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
