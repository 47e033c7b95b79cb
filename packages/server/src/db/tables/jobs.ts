/** The job runner's table (jobs/). */

export interface JobTable {
  id: string;
  queue: string;
  payload_json: string;
  status: string;
  /**
   * `host:pid:instance` of the process that owns the job (the in-process runner runs its own
   * jobs); rows written before 0036 hold `host:pid`.
   */
  worker: string | null;
  progress_json: string | null;
  history_json: string;
  result_json: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** The owner's last heartbeat; a lease older than the runner's lease time is a dead owner. */
  heartbeat_at: string | null;
  /** Set when a process other than the owner cancels a running job; the owner aborts it. */
  cancel_requested_at: string | null;
}
