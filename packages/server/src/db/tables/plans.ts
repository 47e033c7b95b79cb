/** Plans, the products sold on them and customers’ subscriptions (the plans domain). */

export interface PlanTable {
  id: string;
  name: string;
  currency: string;
  /** call | thousand_units: what one price applies to. */
  unit: string;
  /** row | call: what one unit counts. */
  billed_per: string;
  monthly_fee_minor: number;
  included_units: number;
  /** graduated | volume */
  tier_mode: string;
  tiers_json: string;
  quota_units: number | null;
  overage_price_minor: number | null;
  rate_per_second: number;
  burst: number;
  /** Live API keys a customer on this plan may hold. */
  max_keys: number;
  /** Minor units per 1,000 input / output tokens (language models); null: tokens not priced. */
  input_price_per_1k_minor: number | null;
  output_price_per_1k_minor: number | null;
  created_at: string;
}

export interface ProductTable {
  id: string;
  name: string;
  endpoint_id: string;
  plan_id: string;
  created_at: string;
}

export interface SubscriptionTable {
  id: string;
  customer_id: string;
  product_id: string;
  started_at: string;
  created_at: string;
}
