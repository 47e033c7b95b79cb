/** The job runner's table (jobs/). */

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
