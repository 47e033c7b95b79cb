/** Retraining policies and runs (the upgrade domain). */

export interface RetrainPolicyTable {
  endpoint_id: string;
  /** The policy as the API writes it (RetrainPolicySchema). */
  policy_json: string;
  updated_by: string;
  updated_at: string;
}

/** One turn of the loop: data set → training → evaluation → canary → promoted or rolled back. */
export interface UpgradeRunTable {
  id: string;
  endpoint_id: string;
  endpoint: string;
  /** manual, schedule or drift. */
  trigger: string;
  /** dataset, training, evaluating, canary, promoted, rolled_back, rejected, failed, abandoned. */
  status: string;
  actor: string;
  /** `host:pid` of the process that runs its steps (a canary is judged by any process). */
  worker: string;
  /** The retraining options it ran with (RetrainSchema, with the policy's defaults). */
  options_json: string;
  production_version_id: string;
  candidate_version_id: string | null;
  dataset_version_id: string | null;
  training_job_id: string | null;
  canary_since: string | null;
  /** Every step with its time and details, oldest first. */
  steps_json: string;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
