import type { Selectable } from 'kysely';
import { listInvoices, listPeriods } from '../billing/billing.service.ts';
import { getPartner, listPartners, updatePartner } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { MdfRequestTable } from '../db/schema.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeePartner } from '../shared/tenancy.ts';
import { parseInput } from '../shared/validate.ts';
import { programmeErrors } from './programme.errors.ts';
import {
  type MdfClaimInput,
  MdfClaimSchema,
  type MdfRequestInput,
  MdfRequestSchema,
  type MdfView,
  type PromotionInput,
  PromotionSchema,
  type PromotionsView,
  type ReimbursementView,
  ShadowSchema,
} from './programme.schemas.ts';
import * as store from './programme.store.ts';

const TIER_ORDER = ['registered', 'silver', 'gold', 'platinum'] as const;

/**
 * Promotes partners by paying customers in a closed period (never demotes). In shadow mode it
 * only reports the promotions it would make.
 */
export async function promotePartners(
  ctx: AppContext,
  input: PromotionInput = {},
): Promise<PromotionsView> {
  const data = parseInput(PromotionSchema, input, 'promotion');
  const periods = await listPeriods(ctx);
  const period = data.periodId ? periods.find((p) => p.id === data.periodId) : periods.at(-1);
  if (!period) throw programmeErrors.noClosedPeriod();
  const paying = new Map<string, Set<string>>();
  for (const invoice of await listInvoices(ctx, OWNER, period.id)) {
    if (!invoice.partnerId || invoice.totalMinor <= 0) continue;
    const set = paying.get(invoice.partnerId) ?? new Set();
    set.add(invoice.customerId);
    paying.set(invoice.partnerId, set);
  }
  const changes: PromotionsView['changes'] = [];
  for (const partner of await listPartners(ctx)) {
    const count = paying.get(partner.id)?.size ?? 0;
    const earned = [...TIER_ORDER]
      .reverse()
      .find((tier) => tier === 'registered' || count >= data.thresholds[tier])!;
    if (
      TIER_ORDER.indexOf(earned) <= TIER_ORDER.indexOf(partner.tier as (typeof TIER_ORDER)[number])
    )
      continue;
    changes.push({
      partnerId: partner.id,
      name: partner.name,
      from: partner.tier as (typeof TIER_ORDER)[number],
      to: earned,
      payingCustomers: count,
    });
  }
  if (!data.shadow) for (const c of changes) await updatePartner(ctx, c.partnerId, { tier: c.to });
  return { periodId: period.id, shadow: data.shadow, changes };
}

export async function requestMdf(
  ctx: AppContext,
  input: MdfRequestInput,
  viewer: Principal = OWNER,
): Promise<MdfView> {
  const data = parseInput(MdfRequestSchema, input, 'MDF request');
  assertKnownCurrency(data.currency);
  const partnerId = data.partnerId ?? (viewer.kind === 'partner' ? viewer.partnerId : null);
  if (!partnerId) throw programmeErrors.partnerRequired();
  await getPartner(ctx, partnerId, viewer);
  const row: MdfRequestTable = {
    id: newId('mdf'),
    partner_id: partnerId,
    purpose: data.purpose,
    amount_minor: data.amountMinor,
    currency: data.currency,
    status: 'requested',
    spent_minor: null,
    proof: null,
    created_at: ctx.clock.now().toISOString(),
    decided_at: null,
    claimed_at: null,
    reimbursed_at: null,
  };
  await store.insertMdf(ctx.db, row);
  return view(row);
}

export async function listMdf(ctx: AppContext, viewer: Principal = OWNER): Promise<MdfView[]> {
  if (viewer.kind === 'customer') return [];
  const partnerId = viewer.kind === 'partner' ? viewer.partnerId : undefined;
  return (await store.listMdf(ctx.db, partnerId)).map(view);
}

async function visible(ctx: AppContext, id: string, viewer: Principal) {
  const row = await store.findMdf(ctx.db, id);
  if (!row || !canSeePartner(viewer, row.partner_id)) throw programmeErrors.mdfNotFound(id);
  return row;
}

/** The owner approves or rejects a requested fund. */
export async function decideMdf(
  ctx: AppContext,
  id: string,
  decision: 'approved' | 'rejected',
): Promise<MdfView> {
  const row = await visible(ctx, id, OWNER);
  if (row.status !== 'requested') throw programmeErrors.badStep(row.status, decision);
  const changes = { status: decision, decided_at: ctx.clock.now().toISOString() };
  await store.updateMdf(ctx.db, id, changes);
  return view({ ...row, ...changes });
}

/** The partner claims an approved fund with proof of what it spent. */
export async function claimMdf(
  ctx: AppContext,
  id: string,
  input: MdfClaimInput,
  viewer: Principal = OWNER,
): Promise<MdfView> {
  const data = parseInput(MdfClaimSchema, input, 'MDF claim');
  const row = await visible(ctx, id, viewer);
  if (row.status !== 'approved') throw programmeErrors.badStep(row.status, 'claimed');
  if (data.spentMinor > row.amount_minor) throw programmeErrors.overspent();
  const changes = {
    status: 'claimed',
    spent_minor: data.spentMinor,
    proof: data.proof,
    claimed_at: ctx.clock.now().toISOString(),
  };
  await store.updateMdf(ctx.db, id, changes);
  return view({ ...row, ...changes });
}

/** Pays a claimed fund (money moves): shadow mode reports the payment and writes nothing. */
export async function reimburseMdf(
  ctx: AppContext,
  id: string,
  input: { shadow?: boolean } = {},
): Promise<ReimbursementView> {
  const { shadow } = parseInput(ShadowSchema, input, 'reimbursement');
  const row = await visible(ctx, id, OWNER);
  if (row.status !== 'claimed') throw programmeErrors.badStep(row.status, 'reimbursed');
  const changes = { status: 'reimbursed', reimbursed_at: ctx.clock.now().toISOString() };
  if (!shadow) await store.updateMdf(ctx.db, id, changes);
  return {
    shadow,
    payMinor: row.spent_minor ?? 0,
    currency: row.currency,
    mdf: view(shadow ? row : { ...row, ...changes }),
  };
}

function view(row: Selectable<MdfRequestTable>): MdfView {
  return {
    id: row.id,
    partnerId: row.partner_id,
    purpose: row.purpose,
    amountMinor: row.amount_minor,
    currency: row.currency,
    status: row.status as MdfView['status'],
    spentMinor: row.spent_minor,
    proof: row.proof,
    createdAt: row.created_at,
    reimbursedAt: row.reimbursed_at,
  };
}
