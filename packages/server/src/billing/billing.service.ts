import { listCustomers, listPartners, tierHistory } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { listDeals } from '../deals/deals.service.ts';
import { sweepRegistrations } from '../deals/protection.service.ts';
import { periodUsage } from '../metering/metering.service.ts';
import { listProducts, listSubscriptions } from '../plans/plans.service.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeeCustomer, canSeePartner, tenantFilter } from '../shared/tenancy.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { listRetailPlans, listWholesalePrices } from '../wholesale/wholesale.service.ts';
import { billingErrors } from './billing.errors.ts';
import {
  type BillingPeriodView,
  type ClosedPeriodView,
  type ClosePeriodInput,
  ClosePeriodSchema,
  type InvoiceView,
  type PeriodCheckView,
  type StatementView,
  type WholesaleInvoiceView,
} from './billing.schemas.ts';
import * as store from './billing.store.ts';
import { invoiceView, statementView, wholesaleView } from './billing.views.ts';
import { listCommissionRules } from './commission-rules.service.ts';
import { billingSettings, ledgerInputs, verifyRuns } from './payouts.service.ts';
import { byText, computePeriod } from './statements.ts';

export {
  createCommissionRule,
  endCommissionRule,
  listCommissionRules,
} from './commission-rules.service.ts';

/**
 * Everything a period's invoices and statements are computed from, read through the owning
 * services: usage, plans, customers, the tier, rule and price timelines, deals, and for
 * clawbacks and one-time commissions the closed periods before it and the credit notes.
 */
export async function computeFromRaw(ctx: AppContext, start: string, end: string) {
  const usage = await periodUsage(ctx, start, end);
  const ledger = await ledgerInputs(ctx);
  const earlier = ledger.statements.filter((s) => s.end <= start);
  const periods = (await store.listPeriods(ctx.db)).filter((p) => p.end <= start);
  const earlierIds = new Set(periods.map((p) => p.id));
  const invoicedBefore = new Set(
    (await store.listInvoices(ctx.db))
      .filter((i) => earlierIds.has(i.period_id) && i.total_minor > 0 && i.partner_id)
      .map((i) => `${i.customer_id}|${i.partner_id}`),
  );
  const drafts = computePeriod({
    start,
    end,
    usage: usage.usage,
    subscriptions: await listSubscriptions(ctx),
    products: await listProducts(ctx),
    customers: await listCustomers(ctx),
    partners: await listPartners(ctx),
    tierHistory: await tierHistory(ctx),
    rules: await listCommissionRules(ctx),
    deals: await listDeals(ctx),
    wholesalePrices: await listWholesalePrices(ctx),
    retailPlans: await listRetailPlans(ctx),
    invoicedBefore,
    earlierStatements: earlier,
    credits: ledger.credits,
    clawbacksFrom: periods.at(-1)?.end ?? null,
  });
  return { ...drafts, events: usage.events, eventsHash: usage.eventsHash };
}

/**
 * Closes [start, end): computes the customer invoices (Qudao's, and resellers' retail ones),
 * the wholesale invoices and the commission statements from the raw inputs and writes them,
 * once, with the period, the holding period in force and what the domains above billing do at
 * a close (the tier review), in one transaction. Periods close in order and never overlap. In
 * shadow mode it reports what it would write and writes nothing.
 */
export async function closePeriod(
  ctx: AppContext,
  input: ClosePeriodInput,
): Promise<ClosedPeriodView> {
  const data = parseInput(ClosePeriodSchema, input, 'period');
  const start = new Date(data.start).toISOString();
  const end = new Date(data.end).toISOString();
  if (start >= end) throw billingErrors.badPeriod('start must be before end');
  const now = ctx.clock.now().toISOString();
  if (end > now) throw billingErrors.notOver(end);
  const [overlap] = await store.overlappingPeriods(ctx.db, start, end);
  if (overlap) throw billingErrors.overlap(overlap.id, overlap.start, overlap.end);
  const latest = await store.latestPeriod(ctx.db);
  // In order: a closed period's clawbacks and one-time commissions read the ones before it.
  if (latest && start < latest.end) throw billingErrors.outOfOrder(latest.end);
  const computed = await computeFromRaw(ctx, start, end);
  const summary = {
    start,
    end,
    shadow: data.shadow,
    events: computed.events,
    invoices: computed.invoices,
    wholesaleInvoices: computed.wholesaleInvoices,
    statements: computed.statements,
  };
  if (data.shadow) return { periodId: null, ...summary };
  // Reminders and expiries due by now are told before the period's numbers are written.
  await sweepRegistrations(ctx);
  const periodId = newId('per');
  const closing = {
    periodId,
    start,
    end,
    at: now,
    invoices: computed.invoices,
    wholesaleInvoices: computed.wholesaleInvoices,
  };
  const writers: (((tx: AppContext) => Promise<void>) | null)[] = [];
  for (const hook of ctx.periodCloseHooks) writers.push(await hook(ctx, closing));
  const { holdingDays } = await billingSettings(ctx);
  const row = (draft: { partnerId: string | null; currency: string; totalMinor: number }) => ({
    id: '',
    period_id: periodId,
    partner_id: draft.partnerId,
    currency: draft.currency,
    total_minor: draft.totalMinor,
    created_at: now,
  });
  await inTransaction(ctx, async (tx) => {
    await store.insertClosedPeriod(
      tx.db,
      {
        id: periodId,
        start,
        end,
        status: 'closed',
        events_hash: computed.eventsHash,
        closed_at: now,
        holding_days: holdingDays,
      },
      computed.invoices.map((i) => ({
        ...row(i),
        id: newId('inv'),
        customer_id: i.customerId,
        lines_json: JSON.stringify(i.lines),
        issuer: i.issuer,
        issuer_name: i.issuerName,
      })),
      computed.wholesaleInvoices.map((w) => ({
        ...row(w),
        id: newId('wsi'),
        partner_id: w.partnerId,
        lines_json: JSON.stringify(w.lines),
      })),
      computed.statements.map((s) => ({
        ...row(s),
        id: newId('cst'),
        partner_id: s.partnerId,
        lines_json: JSON.stringify(s.lines),
      })),
    );
    for (const write of writers) if (write) await write(tx);
  });
  for (const listener of ctx.periodClosed) await listener({ start, end });
  return { periodId, ...summary };
}

export async function listPeriods(ctx: AppContext): Promise<BillingPeriodView[]> {
  return (await store.listPeriods(ctx.db)).map((p) => ({
    id: p.id,
    start: p.start,
    end: p.end,
    status: p.status as BillingPeriodView['status'],
    closedAt: p.closed_at,
    holdingDays: p.holding_days,
  }));
}

const strip = <T extends { id: string; periodId: string; createdAt: string }>(rows: T[]) =>
  rows.map(({ id: _i, periodId: _p, createdAt: _c, ...rest }) => rest);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Recomputes a closed period from the raw events and compares it with what was written: the
 * events, invoices, wholesale invoices, statements (clawbacks included) and the payout runs
 * made while it was the latest closed period.
 */
export async function verifyPeriod(ctx: AppContext, periodId: string): Promise<PeriodCheckView> {
  const period = await store.findPeriod(ctx.db, periodId);
  if (!period) throw billingErrors.periodNotFound(periodId);
  const again = await computeFromRaw(ctx, period.start, period.end);
  const invoices = strip((await store.listInvoices(ctx.db, { periodId })).map(invoiceView)).sort(
    (a, b) => byText(a.customerId, b.customerId) || byText(a.currency, b.currency),
  );
  const wholesale = strip(
    (await store.listWholesaleInvoices(ctx.db, { periodId })).map(wholesaleView),
  );
  const statements = strip(
    (await store.listStatements(ctx.db, { periodId })).map(statementView),
  ).sort((a, b) => byText(a.partnerId, b.partnerId) || byText(a.currency, b.currency));
  const sameEvents = again.eventsHash === period.events_hash;
  const sameInvoices = same(invoices, again.invoices);
  const sameWholesaleInvoices = same(wholesale, again.wholesaleInvoices);
  const sameStatements = same(statements, again.statements);
  const samePayouts = await verifyRuns(ctx, periodId);
  return {
    periodId,
    matches: sameEvents && sameInvoices && sameWholesaleInvoices && sameStatements && samePayouts,
    sameEvents,
    sameInvoices,
    sameWholesaleInvoices,
    sameStatements,
    samePayouts,
  };
}

export async function listInvoices(
  ctx: AppContext,
  viewer: Principal = OWNER,
  periodId?: string,
): Promise<InvoiceView[]> {
  const filter = { ...(tenantFilter(viewer) ?? {}), ...(periodId ? { periodId } : {}) };
  return (await store.listInvoices(ctx.db, filter)).map(invoiceView);
}

export async function getInvoice(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<InvoiceView> {
  const row = await store.findInvoice(ctx.db, id);
  if (!row || !canSeeCustomer(viewer, { id: row.customer_id, partnerId: row.partner_id })) {
    throw billingErrors.invoiceNotFound(id);
  }
  return invoiceView(row);
}

/** What Qudao invoiced resellers: staff see all, a reseller its own, customers none. */
export async function listWholesaleInvoices(
  ctx: AppContext,
  viewer: Principal = OWNER,
  periodId?: string,
): Promise<WholesaleInvoiceView[]> {
  if (viewer.kind === 'customer') return [];
  const filter = {
    ...(viewer.kind === 'partner' ? { partnerId: viewer.partnerId } : {}),
    ...(periodId ? { periodId } : {}),
  };
  return (await store.listWholesaleInvoices(ctx.db, filter)).map(wholesaleView);
}

export async function getWholesaleInvoice(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<WholesaleInvoiceView> {
  const row = await store.findWholesaleInvoice(ctx.db, id);
  if (!row || !canSeePartner(viewer, row.partner_id)) {
    throw billingErrors.wholesaleInvoiceNotFound(id);
  }
  return wholesaleView(row);
}

export async function listStatements(
  ctx: AppContext,
  viewer: Principal = OWNER,
  periodId?: string,
): Promise<StatementView[]> {
  if (viewer.kind === 'customer') return [];
  const filter = {
    ...(viewer.kind === 'partner' ? { partnerId: viewer.partnerId } : {}),
    ...(periodId ? { periodId } : {}),
  };
  return (await store.listStatements(ctx.db, filter)).map(statementView);
}

export async function getStatement(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<StatementView> {
  const row = await store.findStatement(ctx.db, id);
  if (!row || !canSeePartner(viewer, row.partner_id)) throw billingErrors.statementNotFound(id);
  return statementView(row);
}
