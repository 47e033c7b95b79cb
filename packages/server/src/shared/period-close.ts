/**
 * What a domain above billing learns when a period closes: the period and the invoices closing
 * wrote (the programme reviews tiers from them). Billing runs each hook's preparation before
 * its write transaction and the returned writer inside it, so a period and what its close
 * changed elsewhere are written together or not at all.
 */
export interface ClosingPeriod {
  periodId: string;
  start: string;
  end: string;
  /** When the close happens (the clock). */
  at: string;
  invoices: readonly {
    customerId: string;
    partnerId: string | null;
    currency: string;
    totalMinor: number;
    issuer: 'qudao' | 'partner';
  }[];
  wholesaleInvoices: readonly { partnerId: string; currency: string; totalMinor: number }[];
}

/**
 * Reads what it needs with `ctx`, answers the writes to make inside the close's transaction
 * (with a context whose `db` is the transaction), or null for none.
 */
export type PeriodCloseHook<C> = (
  ctx: C,
  closing: ClosingPeriod,
) => Promise<((tx: C) => Promise<void>) | null>;
