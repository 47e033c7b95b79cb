/** Commission rules, billing periods, invoices and commission statements (the billing domain). */

export interface CommissionRuleTable {
  id: string;
  tier: string | null;
  partner_id: string | null;
  first_year_bps: number;
  renewal_bps: number;
  bounty_minor: number;
  currency: string;
  created_at: string;
  product_id: string | null;
  /** percent | flat */
  basis: string;
  flat_minor: number;
  /** recurring | one_time */
  recurrence: string;
  max_months: number | null;
  effective_from: string | null;
  effective_to: string | null;
}

export interface BillingPeriodTable {
  id: string;
  start: string;
  end: string;
  status: string;
  events_hash: string;
  closed_at: string;
  /** The holding period its commission lines were closed with. */
  holding_days: number;
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
  /** qudao | partner (a reseller's retail invoice) */
  issuer: string;
  issuer_name: string;
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

/** What Qudao invoices a reseller: its customers' usage at the tier's wholesale prices. */
export interface WholesaleInvoiceTable {
  id: string;
  period_id: string;
  partner_id: string;
  currency: string;
  total_minor: number;
  lines_json: string;
  created_at: string;
}

/** A refund or credit on a customer invoice Qudao issued. */
export interface CreditNoteTable {
  id: string;
  invoice_id: string;
  customer_id: string;
  partner_id: string | null;
  currency: string;
  amount_minor: number;
  /** refund | credit */
  kind: string;
  reason: string;
  created_at: string;
}

export interface PayoutRunTable {
  id: string;
  /** The latest closed period when the run was made. */
  period_id: string;
  /** An off-cycle run for one partner; null for the monthly run. */
  partner_id: string | null;
  at: string;
  minimums_json: string;
}

export interface PayoutItemTable {
  id: string;
  run_id: string;
  partner_id: string;
  currency: string;
  /** paid | carried_over */
  status: string;
  amount_minor: number;
  reason: string | null;
  entries_json: string;
}

/** A partner's payout details, AES-256-GCM encrypted at rest; `masked` is safe to show. */
export interface PayoutDetailsTable {
  partner_id: string;
  method: string;
  masked: string;
  ciphertext: string;
  /** When details were first given (a payout run pays only partners that had them). */
  created_at: string;
  updated_at: string;
}

export interface BillingSettingTable {
  key: string;
  value_json: string;
  updated_at: string;
}
