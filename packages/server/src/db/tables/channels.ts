/** Partners and customers (the channels domain). */

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
  /** referral (Qudao invoices its customers, pays a commission) | wholesale (reseller) */
  model: string;
  /** The partner's own currency: a reseller's retail invoices are in it. */
  currency: string;
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
  /** When a direct customer was attributed to its partner later (null: from the start). */
  attributed_at: string | null;
}

/** Every tier a partner had and when it took effect (closed periods use the tier of then). */
export interface PartnerTierHistoryTable {
  id: string;
  partner_id: string;
  tier: string;
  at: string;
  /** created | staff | promotion | review */
  reason: string;
}

/** The programme's audit trail and the partner's event feed (reminders, expiries, reviews). */
export interface PartnerEventTable {
  id: string;
  at: string;
  partner_id: string | null;
  subject_type: string;
  subject_id: string;
  action: string;
  /** Who did it: owner, admin:<token>, partner:<token>, applicant:<application>, system. */
  actor: string;
  details_json: string;
}

export interface ReferralCodeTable {
  code: string;
  partner_id: string;
  created_at: string;
  revoked_at: string | null;
}

/** A visit through a referral link or code, before the visitor becomes a customer. */
export interface ReferralTouchTable {
  id: string;
  code: string;
  partner_id: string;
  visitor: string;
  at: string;
}

/** Which code and touch made a customer a partner's. */
export interface ReferralAttributionTable {
  customer_id: string;
  partner_id: string;
  code: string;
  touch_id: string | null;
  /** first_touch | last_touch | code */
  rule: string;
  at: string;
}

export interface ChannelSettingTable {
  key: string;
  value_json: string;
  updated_at: string;
}

/** A published version of the programme terms. */
export interface ProgrammeTermsTable {
  version: string;
  text: string;
  published_at: string;
}

export interface TermsAcceptanceTable {
  id: string;
  partner_id: string;
  version: string;
  /** The person's name or e-mail, as given. */
  accepted_by: string;
  /** The credential it came with (applicant:<application>, partner:<token>). */
  actor: string;
  at: string;
}
