/** Deals (the deals domain). */

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
