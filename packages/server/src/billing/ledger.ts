import type { CommissionLine } from './billing.schemas.ts';
import { byText } from './invoices.ts';
import {
  creditEffects,
  holdUntil,
  type LedgerCredit,
  type LedgerStatement,
} from './ledger-lines.ts';
import type { EarningsView, PayoutItemView } from './payouts.schemas.ts';

/** A payout run already made. */
export interface LedgerRun {
  id: string;
  at: string;
  items: PayoutItemView[];
}

export interface LedgerEntry {
  statement: LedgerStatement;
  index: number;
  line: CommissionLine;
  holdUntil: string;
  /** Taken back by refunds while the line was pending. */
  cancelledMinor: number;
  payableMinor: number;
}

const keyOf = (statementId: string, index: number) => `${statementId}#${index}`;

/**
 * Every commission line, bounty and clawback of the statements closed by `at`, with what
 * refunds up to `at` (one made at this very instant included) cancelled of it during its
 * holding period.
 */
export function ledgerEntries(
  statements: readonly LedgerStatement[],
  credits: readonly LedgerCredit[],
  at: string,
): LedgerEntry[] {
  const closed = statements.filter((s) => s.closedAt <= at);
  const cancelled = new Map<string, number>();
  for (const e of creditEffects(
    closed,
    credits.filter((c) => c.createdAt <= at),
  )) {
    if (e.effect !== 'cancellation') continue;
    const key = keyOf(e.statement.id, e.index);
    cancelled.set(key, (cancelled.get(key) ?? 0) + e.amountMinor);
  }
  return closed.flatMap((statement) =>
    statement.lines.map((line, index) => {
      const cancelledMinor = cancelled.get(keyOf(statement.id, index)) ?? 0;
      return {
        statement,
        index,
        line,
        holdUntil: holdUntil(statement, line),
        cancelledMinor,
        payableMinor: line.amountMinor - cancelledMinor,
      };
    }),
  );
}

/** Which entries earlier runs paid, and in which run. */
function paidBy(runs: readonly LedgerRun[]): Map<string, string> {
  const paid = new Map<string, string>();
  for (const run of runs) {
    for (const item of run.items) {
      if (item.status !== 'paid') continue;
      for (const e of item.entries) paid.set(keyOf(e.statementId, e.index), run.id);
    }
  }
  return paid;
}

export function statusOf(entry: LedgerEntry, at: string, paid: Map<string, string>) {
  if (paid.has(keyOf(entry.statement.id, entry.index))) return 'paid' as const;
  if (entry.payableMinor === 0 && entry.line.amountMinor !== 0) return 'cancelled' as const;
  return at < entry.holdUntil ? ('pending' as const) : ('approved' as const);
}

export interface RunInputs {
  statements: readonly LedgerStatement[];
  credits: readonly LedgerCredit[];
  /** Runs made before this one. */
  runs: readonly LedgerRun[];
  at: string;
  minimums: Record<string, number>;
  /** When each partner first gave payout details. */
  detailsSince: Map<string, string>;
  /** An off-cycle run for one partner. */
  partnerId: string | null;
}

/**
 * A payout run at `at`: per partner and currency, the approved lines not paid yet plus the
 * clawbacks not settled yet. A balance at or above the currency's minimum is paid (and settles
 * those entries); a smaller one, or one of a partner without payout details, is carried over:
 * its entries stay open for the next run.
 */
export function computeRun(inputs: RunInputs): PayoutItemView[] {
  const paid = paidBy(inputs.runs);
  const groups = new Map<string, { partnerId: string; currency: string; entries: LedgerEntry[] }>();
  for (const entry of ledgerEntries(inputs.statements, inputs.credits, inputs.at)) {
    const { partnerId, currency } = entry.statement;
    if (inputs.partnerId !== null && partnerId !== inputs.partnerId) continue;
    if (statusOf(entry, inputs.at, paid) !== 'approved' || entry.payableMinor === 0) continue;
    const key = `${partnerId}|${currency}`;
    const group = groups.get(key) ?? { partnerId, currency, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => byText(a.partnerId, b.partnerId) || byText(a.currency, b.currency))
    .map(({ partnerId, currency, entries }) => {
      const amountMinor = entries.reduce((sum, e) => sum + e.payableMinor, 0);
      const since = inputs.detailsSince.get(partnerId);
      const reason =
        amountMinor <= 0
          ? ('not_positive' as const)
          : amountMinor < (inputs.minimums[currency] ?? 0)
            ? ('below_minimum' as const)
            : since === undefined || since > inputs.at
              ? ('no_payout_details' as const)
              : null;
      return {
        partnerId,
        currency,
        status: reason ? ('carried_over' as const) : ('paid' as const),
        amountMinor,
        reason,
        entries: entries.map((e) => ({
          statementId: e.statement.id,
          index: e.index,
          amountMinor: e.payableMinor,
        })),
      };
    });
}

/** A partner's statement of earned, cancelled, pending, approved, paid and clawed-back money. */
export function earningsOf(
  partnerId: string,
  inputs: Pick<RunInputs, 'statements' | 'credits' | 'runs' | 'at'>,
): EarningsView {
  const paid = paidBy(inputs.runs);
  const entries = ledgerEntries(
    inputs.statements.filter((s) => s.partnerId === partnerId),
    inputs.credits,
    inputs.at,
  );
  const totals = new Map<string, EarningsView['totals'][number]>();
  const total = (currency: string) => {
    const t = totals.get(currency) ?? {
      currency,
      earnedMinor: 0,
      cancelledMinor: 0,
      pendingMinor: 0,
      approvedMinor: 0,
      paidMinor: 0,
      clawedBackMinor: 0,
      balanceMinor: 0,
    };
    totals.set(currency, t);
    return t;
  };
  const lines = entries.map((e) => {
    const status = statusOf(e, inputs.at, paid);
    const t = total(e.statement.currency);
    if (e.line.kind === 'clawback') t.clawedBackMinor -= e.line.amountMinor;
    else t.earnedMinor += e.line.amountMinor;
    t.cancelledMinor += e.cancelledMinor;
    if (status === 'pending') t.pendingMinor += e.payableMinor;
    if (status === 'approved') {
      t.balanceMinor += e.payableMinor;
      if (e.line.kind !== 'clawback') t.approvedMinor += e.payableMinor;
    }
    return {
      periodId: e.statement.periodId,
      statementId: e.statement.id,
      index: e.index,
      kind: e.line.kind,
      description: e.line.description,
      customerId: e.line.customerId,
      amountMinor: e.line.amountMinor,
      payableMinor: e.payableMinor,
      status,
      holdUntil: e.holdUntil,
      paidInRun: paid.get(keyOf(e.statement.id, e.index)) ?? null,
    };
  });
  for (const run of inputs.runs) {
    for (const item of run.items) {
      if (item.partnerId === partnerId && item.status === 'paid') {
        total(item.currency).paidMinor += item.amountMinor;
      }
    }
  }
  return {
    partnerId,
    at: inputs.at,
    totals: [...totals.values()].sort((a, b) => byText(a.currency, b.currency)),
    lines,
  };
}
