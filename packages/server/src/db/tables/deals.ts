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
  /** When the owner approved the registration (or the partner accepted the offer). */
  approved_at: string | null;
  /** End of the registration's protection; null: not protected by a window (older deals). */
  protected_until: string | null;
  extension_days: number | null;
  extension_reason: string | null;
  /** requested | approved | rejected */
  extension_status: string | null;
  override_reason: string | null;
  reminded_at: string | null;
  expiry_noted_at: string | null;
}

export interface DealSettingTable {
  key: string;
  value_json: string;
  updated_at: string;
}
