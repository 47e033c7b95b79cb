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
