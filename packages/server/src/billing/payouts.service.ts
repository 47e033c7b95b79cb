import { getPartner, listPartners } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import type { AppContext } from '../context.ts';
import { actorOf } from '../shared/actor.ts';
import { formatMinor } from '../shared/currency.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { tenantFilter } from '../shared/tenancy.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { billingErrors } from './billing.errors.ts';
import * as store from './billing.store.ts';
import { statementView } from './billing.views.ts';
import { toCsv } from './csv.ts';
import { byText } from './invoices.ts';
import { computeRun, earningsOf, type LedgerRun } from './ledger.ts';
import type { LedgerCredit, LedgerStatement } from './ledger-lines.ts';
import { payoutDetailsForCsv, payoutDetailsSince } from './payout-details.service.ts';
import {
  type BillingSettings,
  BillingSettingsSchema,
  type CreditNoteInput,
  CreditNoteInputSchema,
  type CreditNoteView,
  type EarningsView,
  type PayoutItemView,
  type PayoutRunInput,
  PayoutRunInputSchema,
  type PayoutRunView,
} from './payouts.schemas.ts';
import * as payouts from './payouts.store.ts';

const SETTINGS = 'payouts';
const DEFAULTS: BillingSettings = { holdingDays: 30, minimumPayouts: {} };

export async function billingSettings(ctx: AppContext): Promise<BillingSettings> {
  const row = await payouts.getSetting(ctx.db, SETTINGS);
  return row ? BillingSettingsSchema.parse(JSON.parse(row.value_json)) : DEFAULTS;
}

/** The holding period applies from the next close (each period keeps its own). */
export async function setBillingSettings(
  ctx: AppContext,
  input: BillingSettings,
  viewer: Principal = OWNER,
): Promise<BillingSettings> {
  const data = parseInput(BillingSettingsSchema, input, 'billing settings');
  await inTransaction(ctx, async (tx) => {
    await payouts.putSetting(tx.db, {
      key: SETTINGS,
      value_json: JSON.stringify(data),
      updated_at: tx.clock.now().toISOString(),
    });
    await recordEvent(tx, {
      partnerId: null,
      subjectType: 'settings',
      subjectId: SETTINGS,
      action: 'settings_changed',
      actor: actorOf(viewer),
      details: data,
    });
  });
  return data;
}

/**
 * Refunds or credits part of an invoice Qudao issued, dated by the clock. Credits on one
 * invoice never add up to more than it; checked and written in one transaction. The partner's
 * commission on it is cancelled (still pending) or clawed back (approved or paid) accordingly.
 */
export async function createCreditNote(
  ctx: AppContext,
  invoiceId: string,
  input: CreditNoteInput,
  viewer: Principal = OWNER,
): Promise<CreditNoteView> {
  const data = parseInput(CreditNoteInputSchema, input, 'credit note');
  return inTransaction(ctx, async (tx) => {
    const invoice = await store.findInvoice(tx.db, invoiceId);
    if (!invoice) throw billingErrors.invoiceNotFound(invoiceId);
    if (invoice.issuer !== 'qudao') throw billingErrors.notRefundable();
    const credited = (await payouts.listCreditNotes(tx.db, { invoiceId })).reduce(
      (sum, c) => sum + c.amount_minor,
      0,
    );
    const left = invoice.total_minor - credited;
    if (data.amountMinor > left) throw billingErrors.refundTooLarge(left, invoice.total_minor);
    const row = {
      id: newId('crn'),
      invoice_id: invoice.id,
      customer_id: invoice.customer_id,
      partner_id: invoice.partner_id,
      currency: invoice.currency,
      amount_minor: data.amountMinor,
      kind: data.kind,
      reason: data.reason,
      created_at: tx.clock.now().toISOString(),
    };
    await payouts.insertCreditNote(tx.db, row);
    await recordEvent(tx, {
      partnerId: invoice.partner_id,
      subjectType: 'invoice',
      subjectId: invoice.id,
      action: `${data.kind}_issued`,
      actor: actorOf(viewer),
      details: { creditNoteId: row.id, amountMinor: row.amount_minor, reason: row.reason },
      at: row.created_at,
    });
    return creditView(row);
  });
}

export async function listCreditNotes(
  ctx: AppContext,
  viewer: Principal = OWNER,
): Promise<CreditNoteView[]> {
  return (await payouts.listCreditNotes(ctx.db, tenantFilter(viewer) ?? {})).map(creditView);
}

/** Everything the commission ledger is computed from: closed statements, credits, runs. */
export async function ledgerInputs(ctx: AppContext) {
  const periods = new Map((await store.listPeriods(ctx.db)).map((p) => [p.id, p]));
  const statements: LedgerStatement[] = (await store.listStatements(ctx.db)).map((row) => {
    const s = statementView(row);
    const period = periods.get(s.periodId)!;
    return {
      id: s.id,
      periodId: s.periodId,
      partnerId: s.partnerId,
      currency: s.currency,
      lines: s.lines,
      end: period.end,
      holdingDays: period.holding_days,
      closedAt: period.closed_at,
    };
  });
  const notes = await payouts.listCreditNotes(ctx.db);
  const invoices = new Map(
    (await store.findInvoices(ctx.db, [...new Set(notes.map((n) => n.invoice_id))])).map((i) => [
      i.id,
      i,
    ]),
  );
  const credits: LedgerCredit[] = notes.map((n) => {
    const invoice = invoices.get(n.invoice_id)!;
    return {
      id: n.id,
      invoiceId: n.invoice_id,
      amountMinor: n.amount_minor,
      createdAt: n.created_at,
      invoice: {
        periodId: invoice.period_id,
        customerId: invoice.customer_id,
        partnerId: invoice.partner_id,
        currency: invoice.currency,
        totalMinor: invoice.total_minor,
      },
    };
  });
  const items = await payouts.listItems(ctx.db);
  const runs = (await payouts.listRuns(ctx.db)).map((run) => ({
    ...run,
    // In the order a run computes them (partner, currency): the rows' ids are random.
    items: items
      .filter((i) => i.run_id === run.id)
      .map(itemView)
      .sort((a, b) => byText(a.partnerId, b.partnerId) || byText(a.currency, b.currency)),
  }));
  return { statements, credits, runs };
}

/**
 * A payout run on the clock: pays each partner's approved balance per currency at or above the
 * minimum and carries smaller ones (and partners without payout details) over. With a partner,
 * an off-cycle payout of that partner alone, refused under the minimum. Shadow: reports the run.
 */
export async function createPayoutRun(
  ctx: AppContext,
  input: PayoutRunInput = {},
  viewer: Principal = OWNER,
): Promise<PayoutRunView> {
  const data = parseInput(PayoutRunInputSchema, input, 'payout run');
  const period = await ctx.periods.latest();
  if (!period) throw billingErrors.noClosedPeriod();
  if (data.partnerId) await getPartner(ctx, data.partnerId);
  const { minimumPayouts } = await billingSettings(ctx);
  const ledger = await ledgerInputs(ctx);
  // Runs are ordered by time: a run in the same millisecond as the last one comes just after it.
  const last = ledger.runs.at(-1)?.at;
  const now = ctx.clock.now().getTime();
  const at = new Date(last && Date.parse(last) >= now ? Date.parse(last) + 1 : now).toISOString();
  const items = computeRun({
    ...ledger,
    runs: ledger.runs.map(ledgerRun),
    at,
    minimums: minimumPayouts,
    detailsSince: await payoutDetailsSince(ctx),
    partnerId: data.partnerId ?? null,
  });
  if (data.partnerId) {
    // An off-cycle payout pays or fails: nothing is carried, nothing written.
    const [item] = items;
    if (!item || item.amountMinor <= 0) throw billingErrors.nothingToPay();
    if (item.reason === 'below_minimum') {
      throw billingErrors.belowMinimum(
        item.amountMinor,
        minimumPayouts[item.currency] ?? 0,
        item.currency,
      );
    }
    if (item.reason === 'no_payout_details') throw billingErrors.noPayoutDetails();
  }
  const run = {
    id: data.shadow ? null : newId('run'),
    periodId: period.id,
    partnerId: data.partnerId ?? null,
    at,
    shadow: data.shadow,
    minimumPayouts,
    items,
  };
  if (data.shadow) return run;
  await inTransaction(ctx, async (tx) => {
    await payouts.insertRun(
      tx.db,
      {
        id: run.id!,
        period_id: run.periodId,
        partner_id: run.partnerId,
        at,
        minimums_json: JSON.stringify(minimumPayouts),
      },
      items.map((item) => ({
        id: newId('pay'),
        run_id: run.id!,
        partner_id: item.partnerId,
        currency: item.currency,
        status: item.status,
        amount_minor: item.amountMinor,
        reason: item.reason,
        entries_json: JSON.stringify(item.entries),
      })),
    );
    for (const item of items) {
      await recordEvent(tx, {
        partnerId: item.partnerId,
        subjectType: 'payout_run',
        subjectId: run.id!,
        action: item.status === 'paid' ? 'payout_paid' : 'payout_carried_over',
        actor: actorOf(viewer),
        details: { currency: item.currency, amountMinor: item.amountMinor, reason: item.reason },
        at,
      });
    }
  });
  return run;
}

export async function listPayoutRuns(ctx: AppContext): Promise<PayoutRunView[]> {
  return (await ledgerInputs(ctx)).runs.map((r) => ({
    id: r.id,
    periodId: r.period_id,
    partnerId: r.partner_id,
    at: r.at,
    shadow: false,
    minimumPayouts: JSON.parse(r.minimums_json) as Record<string, number>,
    items: r.items,
  }));
}

/** Recomputes the runs made while `periodId` was the latest closed period; true if all match. */
export async function verifyRuns(ctx: AppContext, periodId: string): Promise<boolean> {
  const ledger = await ledgerInputs(ctx);
  const detailsSince = await payoutDetailsSince(ctx);
  return ledger.runs
    .filter((r) => r.period_id === periodId)
    .every((run) => {
      const again = computeRun({
        ...ledger,
        runs: ledger.runs.filter((r) => r.at < run.at).map(ledgerRun),
        at: run.at,
        minimums: JSON.parse(run.minimums_json) as Record<string, number>,
        detailsSince,
        partnerId: run.partner_id,
      });
      return JSON.stringify(again) === JSON.stringify(run.items);
    });
}

/** A partner's earned, pending, approved, paid and clawed-back commission, as of now. */
export async function partnerEarnings(
  ctx: AppContext,
  partnerId: string,
  viewer: Principal = OWNER,
): Promise<EarningsView> {
  const partner = await getPartner(ctx, partnerId, viewer);
  const ledger = await ledgerInputs(ctx);
  return earningsOf(partner.id, {
    ...ledger,
    runs: ledger.runs.map(ledgerRun),
    at: ctx.clock.now().toISOString(),
  });
}

/** A run's payout file: one row per item, paid ones with the partner's decrypted details. */
export async function payoutRunCsv(ctx: AppContext, runId: string): Promise<string> {
  const run = (await listPayoutRuns(ctx)).find((r) => r.id === runId);
  if (!run) throw billingErrors.runNotFound(runId);
  const names = new Map((await listPartners(ctx)).map((p) => [p.id, p.name]));
  const details = await payoutDetailsForCsv(ctx);
  return toCsv(
    [
      'run_id',
      'partner_id',
      'partner',
      'currency',
      'status',
      'reason',
      'amount_minor',
      'amount',
      'method',
      'account_holder',
      'account',
      'bank',
      'reference',
    ],
    run.items.map((item) => {
      const d = item.status === 'paid' ? details.get(item.partnerId) : undefined;
      return [
        runId,
        item.partnerId,
        names.get(item.partnerId) ?? item.partnerId,
        item.currency,
        item.status,
        item.reason,
        item.amountMinor,
        formatMinor(item.amountMinor, item.currency),
        d?.method ?? null,
        d?.accountHolder ?? null,
        d?.account ?? null,
        d?.bank ?? null,
        d?.reference ?? null,
      ];
    }),
  );
}

function ledgerRun(run: { id: string; at: string; items: PayoutItemView[] }): LedgerRun {
  return { id: run.id, at: run.at, items: run.items };
}

function itemView(row: Awaited<ReturnType<typeof payouts.listItems>>[number]): PayoutItemView {
  return {
    partnerId: row.partner_id,
    currency: row.currency,
    status: row.status as PayoutItemView['status'],
    amountMinor: row.amount_minor,
    reason: row.reason as PayoutItemView['reason'],
    entries: JSON.parse(row.entries_json) as PayoutItemView['entries'],
  };
}

function creditView(row: Awaited<ReturnType<typeof payouts.listCreditNotes>>[number]) {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    currency: row.currency,
    amountMinor: row.amount_minor,
    kind: row.kind as CreditNoteView['kind'],
    reason: row.reason,
    createdAt: row.created_at,
  };
}
