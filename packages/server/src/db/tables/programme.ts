/** Marketing development fund requests (the programme domain). */

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

/** A public application to become a partner; the applicant holds a hashed token for it. */
export interface PartnerApplicationTable {
  id: string;
  company: string;
  company_key: string;
  contact_name: string;
  contact_email: string;
  regions_json: string;
  industries_json: string;
  /** referral | wholesale */
  model: string;
  currency: string;
  message: string | null;
  /** submitted | info_requested | approved | rejected | onboarded */
  status: string;
  partner_id: string | null;
  token_prefix: string;
  token_hash: string;
  info_request: string | null;
  reply: string | null;
  decision_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProgrammeSettingTable {
  key: string;
  value_json: string;
  updated_at: string;
}

/** One partner's tier review at one period close. */
export interface TierReviewTable {
  id: string;
  period_id: string;
  partner_id: string;
  tier_before: string;
  tier_after: string;
  qualified_tier: string;
  /** kept | promoted | grace | demoted */
  action: string;
  /** End of the first period in a row below the tier's requirements. */
  below_since: string | null;
  metrics_json: string;
  at: string;
}
