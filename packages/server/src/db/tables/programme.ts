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
