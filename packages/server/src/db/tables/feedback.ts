/** CSAT, NPS and complaints (the feedback domain). */

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
