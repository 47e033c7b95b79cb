/** Plans, products, commissions, deals, feedback, statements, MDF and market strategy. */

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

export interface CommissionRuleTable {
  id: string;
  tier: string | null;
  partner_id: string | null;
  first_year_bps: number;
  renewal_bps: number;
  bounty_minor: number;
  currency: string;
  created_at: string;
}

export interface DealTable {
  id: string;
  partner_id: string | null;
  customer_id: string | null;
  company: string;
  company_key: string;
  source: string;
  stage: string;
  registration: string;
  value_minor: number;
  currency: string;
  conflict_deal_id: string | null;
  created_at: string;
  qualified_at: string | null;
  proposal_at: string | null;
  closed_at: string | null;
}

export interface FeedbackTable {
  id: string;
  customer_id: string;
  partner_id: string | null;
  kind: string;
  score: number | null;
  text: string | null;
  status: string;
  created_at: string;
  resolved_at: string | null;
}

export interface BillingPeriodTable {
  id: string;
  start: string;
  end: string;
  status: string;
  events_hash: string;
  closed_at: string;
}

export interface InvoiceTable {
  id: string;
  period_id: string;
  customer_id: string;
  partner_id: string | null;
  currency: string;
  total_minor: number;
  lines_json: string;
  created_at: string;
}

export interface CommissionStatementTable {
  id: string;
  period_id: string;
  partner_id: string;
  currency: string;
  total_minor: number;
  lines_json: string;
  created_at: string;
}

/** A partner's marketing development fund request. */
export interface MdfRequestTable {
  id: string;
  partner_id: string;
  purpose: string;
  amount_minor: number;
  currency: string;
  /** requested | approved | rejected | claimed | reimbursed */
  status: string;
  spent_minor: number | null;
  proof: string | null;
  created_at: string;
  decided_at: string | null;
  claimed_at: string | null;
  reimbursed_at: string | null;
}

/** A target market cell: a region × industry with its estimated yearly demand. */
export interface MarketCellTable {
  id: string;
  region: string;
  industry: string;
  demand_minor: number;
  currency: string;
  created_at: string;
}

/** The chosen channel strategy (one row, id `current`) and its KPI targets. */
export interface ChannelStrategyTable {
  id: string;
  mode: string;
  targets_json: string;
  updated_at: string;
}

/** An owner-set exchange rate: units of `to_currency` for one unit of `from_currency`. */
export interface ExchangeRateTable {
  from_currency: string;
  to_currency: string;
  rate: number;
  updated_at: string;
}
