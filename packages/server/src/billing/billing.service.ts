import type { Selectable } from 'kysely';
import { getPartner, listCustomers, listPartners } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { CommissionStatementTable, InvoiceTable } from '../db/schema.ts';
import { listDeals } from '../deals/deals.service.ts';
import { periodUsage } from '../metering/metering.service.ts';
import { listProducts, listSubscriptions } from '../plans/plans.service.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeeCustomer, canSeePartner, tenantFilter } from '../shared/tenancy.ts';
import { parseInput } from '../shared/validate.ts';
import { billingErrors } from './billing.errors.ts';
import {
  type BillingPeriodView,
  type ClosedPeriodView,
  type ClosePeriodInput,
  ClosePeriodSchema,
  type CommissionLine,
  type CommissionRule,
  type CreateCommissionRuleInput,
  CreateCommissionRuleSchema,
  type InvoiceLine,
  type InvoiceView,
  type PeriodCheckView,
  type StatementView,
} from './billing.schemas.ts';
import * as store from './billing.store.ts';
import { byText, computePeriod } from './statements.ts';

export async function createCommissionRule(
  ctx: AppContext,
  input: CreateCommissionRuleInput,
): Promise<CommissionRule> {
  const data = parseInput(CreateCommissionRuleSchema, input, 'commission rule');
  if (!data.tier === !data.partnerId) throw billingErrors.ruleConflict();
  assertKnownCurrency(data.currency);
  if (data.partnerId) await getPartner(ctx, data.partnerId);
  const row = {
    id: newId('rule'),
    tier: data.tier ?? null,
    partner_id: data.partnerId ?? null,
    first_year_bps: data.firstYearBps,
    renewal_bps: data.renewalBps,
    bounty_minor: data.bountyMinor,
    currency: data.currency,
    created_at: ctx.clock.now().toISOString(),
  };
  await store.insertRule(ctx.db, row);
  return ruleView(row);
}

export async function listCommissionRules(ctx: AppContext): Promise<CommissionRule[]> {
  return (await store.listRules(ctx.db)).map(ruleView);
}

/** Everything a period's statements are computed from, read through the owning services. */
export async function computeFromRaw(ctx: AppContext, start: string, end: string) {
  const usage = await periodUsage(ctx, start, end);
  const drafts = computePeriod({
    start,
    end,
    usage: usage.usage,
    subscriptions: await listSubscriptions(ctx),
    products: await listProducts(ctx),
    customers: await listCustomers(ctx),
    partners: await listPartners(ctx),
    rules: await listCommissionRules(ctx),
    deals: await listDeals(ctx),
  });
  return { ...drafts, events: usage.events, eventsHash: usage.eventsHash };
}

/**
 * Closes [start, end): computes the customer invoices and partner commission statements from
 * the raw usage events and writes them, once, with the period. In shadow mode it reports what it
 * would write and writes nothing. Overlapping an already closed period is refused.
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
  const computed = await computeFromRaw(ctx, start, end);
  const summary = {
    start,
    end,
    shadow: data.shadow,
    events: computed.events,
    invoices: computed.invoices,
    statements: computed.statements,
  };
  if (data.shadow) return { periodId: null, ...summary };
  const periodId = newId('per');
  const at = now;
  await store.insertClosedPeriod(
    ctx.db,
    { id: periodId, start, end, status: 'closed', events_hash: computed.eventsHash, closed_at: at },
    computed.invoices.map((i) => ({
      id: newId('inv'),
      period_id: periodId,
      customer_id: i.customerId,
      partner_id: i.partnerId,
      currency: i.currency,
      total_minor: i.totalMinor,
      lines_json: JSON.stringify(i.lines),
      created_at: at,
    })),
    computed.statements.map((s) => ({
      id: newId('cst'),
      period_id: periodId,
      partner_id: s.partnerId,
      currency: s.currency,
      total_minor: s.totalMinor,
      lines_json: JSON.stringify(s.lines),
      created_at: at,
    })),
  );
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
  }));
}

/** Recomputes a closed period from the raw events and compares it with what was written. */
export async function verifyPeriod(ctx: AppContext, periodId: string): Promise<PeriodCheckView> {
  const period = await store.findPeriod(ctx.db, periodId);
  if (!period) throw billingErrors.periodNotFound(periodId);
  const again = await computeFromRaw(ctx, period.start, period.end);
  const strip = <T extends { id: string; periodId: string; createdAt: string }>(rows: T[]) =>
    rows.map(({ id: _i, periodId: _p, createdAt: _c, ...rest }) => rest);
  const invoices = strip((await store.listInvoices(ctx.db, { periodId })).map(invoiceView)).sort(
    (a, b) => byText(a.customerId, b.customerId) || byText(a.currency, b.currency),
  );
  const statements = strip(
    (await store.listStatements(ctx.db, { periodId })).map(statementView),
  ).sort((a, b) => byText(a.partnerId, b.partnerId) || byText(a.currency, b.currency));
  const sameEvents = again.eventsHash === period.events_hash;
  const sameInvoices = JSON.stringify(invoices) === JSON.stringify(again.invoices);
  const sameStatements = JSON.stringify(statements) === JSON.stringify(again.statements);
  return {
    periodId,
    matches: sameEvents && sameInvoices && sameStatements,
    sameEvents,
    sameInvoices,
    sameStatements,
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

function ruleView(row: Awaited<ReturnType<typeof store.listRules>>[number]): CommissionRule {
  return {
    id: row.id,
    ...(row.tier ? { tier: row.tier as CommissionRule['tier'] } : {}),
    ...(row.partner_id ? { partnerId: row.partner_id } : {}),
    firstYearBps: row.first_year_bps,
    renewalBps: row.renewal_bps,
    bountyMinor: row.bounty_minor,
    currency: row.currency,
  };
}

function invoiceView(row: Selectable<InvoiceTable>): InvoiceView {
  return {
    id: row.id,
    periodId: row.period_id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    currency: row.currency,
    totalMinor: row.total_minor,
    lines: JSON.parse(row.lines_json) as InvoiceLine[],
    createdAt: row.created_at,
  };
}

function statementView(row: Selectable<CommissionStatementTable>): StatementView {
  return {
    id: row.id,
    periodId: row.period_id,
    partnerId: row.partner_id,
    currency: row.currency,
    totalMinor: row.total_minor,
    lines: JSON.parse(row.lines_json) as CommissionLine[],
    createdAt: row.created_at,
  };
}
