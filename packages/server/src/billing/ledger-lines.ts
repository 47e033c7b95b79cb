import type { CommissionLine } from './billing.schemas.ts';

const DAY = 86_400_000;

/** A closed commission statement with what its lines' lifecycle needs. */
export interface LedgerStatement {
  id: string;
  periodId: string;
  partnerId: string;
  currency: string;
  lines: CommissionLine[];
  /** The period's end and holding days: a line is approved at end + holding days. */
  end: string;
  holdingDays: number;
  closedAt: string;
}

/** A credit note with the invoice it credits. */
export interface LedgerCredit {
  id: string;
  invoiceId: string;
  amountMinor: number;
  createdAt: string;
  invoice: {
    periodId: string;
    customerId: string;
    partnerId: string | null;
    currency: string;
    totalMinor: number;
  };
}

/** When a line of the statement stops being pending (clawbacks are due when closed). */
export function holdUntil(statement: LedgerStatement, line: CommissionLine): string {
  if (line.kind === 'clawback') return statement.end;
  return new Date(Date.parse(statement.end) + statement.holdingDays * DAY).toISOString();
}

/** The part of a commission line that `credited` of its invoice's `total` takes back. */
function takenBack(amount: number, credited: number, total: number): number {
  if (total <= 0 || amount <= 0) return 0;
  return Math.floor((2 * amount * credited + total) / (2 * total));
}

export interface CreditEffect {
  credit: LedgerCredit;
  statement: LedgerStatement;
  index: number;
  line: CommissionLine;
  /** What this credit takes back of the line (≥ 0). */
  amountMinor: number;
  /** cancellation: the line was still pending; clawback: it was approved or paid. */
  effect: 'cancellation' | 'clawback';
}

/**
 * What each credit note does to the commission on its invoice: every revenue-share line of the
 * invoice (the statement of its partner, period and currency, the customer's lines) loses the
 * credited share, cumulatively rounded so that credits adding up to the whole invoice take back
 * the whole line. Within the holding period that cancels part of the pending line; after it, it
 * is a clawback (a negative line on the statement of the period the credit falls in).
 */
export function creditEffects(
  statements: readonly LedgerStatement[],
  credits: readonly LedgerCredit[],
): CreditEffect[] {
  const effects: CreditEffect[] = [];
  const creditedSoFar = new Map<string, number>();
  const ordered = [...credits].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
  );
  for (const credit of ordered) {
    const before = creditedSoFar.get(credit.invoiceId) ?? 0;
    const after = before + credit.amountMinor;
    creditedSoFar.set(credit.invoiceId, after);
    const { invoice } = credit;
    if (!invoice.partnerId) continue;
    for (const statement of statements) {
      if (
        statement.periodId !== invoice.periodId ||
        statement.partnerId !== invoice.partnerId ||
        statement.currency !== invoice.currency
      ) {
        continue;
      }
      statement.lines.forEach((line, index) => {
        if (line.kind !== 'revenue_share' || line.customerId !== invoice.customerId) return;
        const amount =
          takenBack(line.amountMinor, after, invoice.totalMinor) -
          takenBack(line.amountMinor, before, invoice.totalMinor);
        if (amount === 0) return;
        const effect = credit.createdAt < holdUntil(statement, line) ? 'cancellation' : 'clawback';
        effects.push({ credit, statement, index, line, amountMinor: amount, effect });
      });
    }
  }
  return effects;
}
