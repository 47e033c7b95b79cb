/** The prediction log, its roll-ups, ground truth, drift references and alerts (monitoring). */

/** One logged call (or one shadow answer): sampled, kept for the retention, then rolled up. */
export interface PredictionLogTable {
  id: string;
  endpoint_id: string;
  endpoint: string;
  model_version_id: string;
  model: string;
  version: number;
  /** primary, canary (who answered) or shadow (answered for the log only). */
  arm: string;
  /** A shadow answer: the id of the prediction it shadowed. */
  shadow_of: string | null;
  /** customer:<id>, owner, admin:<token>…: who called. */
  caller: string;
  customer_id: string | null;
  partner_id: string | null;
  at: string;
  /** at's UTC day (YYYY-MM-DD): the roll-up key. */
  day: string;
  latency_ms: number;
  /** 200, or the error's HTTP status. */
  status: number;
  error_code: string | null;
  rows: number;
  /** image (input: base64 of 0..255 pixels as the model saw them), rows or texts (JSON), none. */
  input_kind: string;
  input: string | null;
  /** {"labels": [...], "confidence": [...]} or {"values": [...]}. */
  output_json: string | null;
  /** A shadow answer: 1 if it said what the answer said. */
  agrees: number | null;
}

export interface PredictionRollupTable {
  day: string;
  endpoint_id: string;
  endpoint: string;
  model_version_id: string;
  model: string;
  version: number;
  arm: string;
  calls: number;
  errors: number;
  latency_mean: number;
  latency_p50: number;
  latency_p95: number;
  /** Predicted label → count. */
  labels_json: string;
  feedback: number;
  correct: number;
  agreements: number;
}

/** The true label (or value) of a prediction, given by its customer or by staff. */
export interface PredictionFeedbackTable {
  prediction_id: string;
  endpoint_id: string;
  model_version_id: string;
  arm: string;
  customer_id: string | null;
  partner_id: string | null;
  label: string | null;
  value: number | null;
  correct: number | null;
  abs_error: number | null;
  actor: string;
  at: string;
}

/** What a version's inputs and predictions looked like in training: drift is measured against it. */
export interface DriftReferenceTable {
  model_version_id: string;
  kind: string;
  rows: number;
  reference_json: string;
  created_at: string;
}

export interface AlertTable {
  id: string;
  /** drift, canary.rolled_back, retrain.failed. */
  kind: string;
  endpoint_id: string | null;
  endpoint: string | null;
  model_version_id: string | null;
  model: string | null;
  version: number | null;
  message: string;
  detail_json: string;
  at: string;
  /** none (no webhook set), sent, failed. */
  webhook_status: string;
  webhook_error: string | null;
}
