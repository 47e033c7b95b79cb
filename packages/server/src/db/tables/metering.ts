/** Usage events and saved answers of idempotent calls (the metering domain). */

export interface UsageEventTable {
  id: string;
  endpoint_id: string;
  customer_id: string;
  partner_id: string | null;
  api_key_id: string;
  occurred_at: string;
  latency_ms: number;
  /** CloudEvents `type`, e.g. `qudao.prediction`. */
  type: string;
  /** CloudEvents `source`, e.g. `/endpoints/mnist`. */
  source: string;
  /** Billable units of the call (1 per prediction). */
  quantity: number;
  product_id: string | null;
  idempotency_key: string | null;
  /** CloudEvents `data` as JSON. */
  data_json: string;
  /** Language-model calls: prompt and completion tokens, and their cost in 1/1000 minor units. */
  input_tokens: number | null;
  output_tokens: number | null;
  cost_milli_minor: number | null;
  /** The key budget the call spent (api_keys.budget_id), or null. */
  budget_id: string | null;
}

/** A saved answer to a request sent with an `Idempotency-Key` (per customer). */
export interface IdempotencyKeyTable {
  customer_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  usage_event_id: string | null;
  created_at: string;
}
