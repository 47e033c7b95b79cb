/** Partners, customers, their credentials and metered usage. */

export interface PartnerTable {
  id: string;
  name: string;
  tier: string;
  region: string | null;
  created_at: string;
  /** direct | reseller | referral | integrator | marketplace */
  channel: string;
  regions_json: string;
  industries_json: string;
}

export interface CustomerTable {
  id: string;
  name: string;
  partner_id: string | null;
  created_at: string;
  region: string | null;
  industry: string | null;
  /** small | medium | large | enterprise */
  size: string | null;
  /** Start of the customer relationship (first year vs renewal commission). */
  since: string | null;
}

export interface ApiKeyTable {
  id: string;
  customer_id: string;
  prefix: string;
  secret_hash: string;
  status: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  expires_at: string | null;
  /** JSON array of product ids the key may call; null = every product. */
  products_json: string | null;
  name: string | null;
}

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
}

/** Staff (admin, analyst) and partner credentials; customers use `api_keys`. */
export interface AccessTokenTable {
  id: string;
  role: string;
  partner_id: string | null;
  name: string;
  prefix: string;
  secret_hash: string;
  status: string;
  expires_at: string | null;
  created_at: string;
  revoked_at: string | null;
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
