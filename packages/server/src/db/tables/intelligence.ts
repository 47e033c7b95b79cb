/** Inquiries, refreshes and model outputs (the intelligence domain). */

/** A customer's inquiry or complaint: the text, how the triage model routed it, a correction. */
export interface InquiryTable {
  id: string;
  customer_id: string;
  partner_id: string | null;
  text: string;
  /** zh | en */
  language: string;
  received_at: string;
  /** api (posted) | history (imported, already triaged by people) */
  source: string;
  /** The triage model's class, its confidence, and the version that decided (null: none yet). */
  category: string | null;
  confidence: number | null;
  model_version_id: string | null;
  /** partner | direct_support | review (a person decides) */
  route: string;
  routed_partner_id: string | null;
  /** routed | needs_review | corrected | closed */
  status: string;
  /** The class people settled on (history, or a correction): what the next training set learns. */
  final_category: string | null;
  corrected_by: string | null;
  corrected_at: string | null;
}

/** One run of `qudao intelligence refresh`: when, on data up to when, and what it measured. */
export interface IntelligenceRefreshTable {
  id: string;
  /** 1, 2, 3…: the order of refreshes (their clock times can be equal under a manual clock). */
  seq: number;
  /** The end of the last month of data it used (exclusive). */
  as_of: string;
  started_at: string;
  finished_at: string | null;
  /** running | succeeded | failed */
  status: string;
  summary_json: string;
}

/**
 * What a model version produced for one subject in a refresh: a customer's segment or score, a
 * deal's win probability, a forecast series, a market cell's rank. `partner_id` and
 * `customer_id` say whose it is, so partners see only their own.
 */
export interface IntelligenceOutputTable {
  id: string;
  refresh_id: string;
  /** segments | churn | high_value | deals | forecast | opportunities */
  model: string;
  model_version_id: string;
  /** customer | deal | series | cell */
  subject_kind: string;
  subject_id: string;
  customer_id: string | null;
  partner_id: string | null;
  score: number | null;
  label: string | null;
  detail_json: string;
}
