import { getCustomer, getPartner } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import type { AppContext } from '../context.ts';
import type { DealTable } from '../db/schema.ts';
import { actorOf } from '../shared/actor.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { assertOutsideClosedPeriods, recordedDate } from '../shared/history-dates.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeePartner } from '../shared/tenancy.ts';
import { parseInput } from '../shared/validate.ts';
import { dealErrors } from './deals.errors.ts';
import {
  type CreateDealInput,
  CreateDealSchema,
  type DealView,
  type MoveDealInput,
  MoveDealSchema,
} from './deals.schemas.ts';
import * as store from './deals.store.ts';
import { dealView, protectionExpired } from './deals.views.ts';
import { protectionEnd } from './protection.service.ts';

const nowOf = (ctx: AppContext) => ctx.clock.now().toISOString();

const NEXT: Record<string, string[]> = {
  lead: ['qualified', 'lost'],
  qualified: ['proposal', 'lost'],
  proposal: ['won', 'lost'],
  won: [],
  lost: [],
};

/** "ACME Ltd." and "acme ltd" are the same company for deal registration. */
export function companyKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Registers a deal. A partner registers for itself (pending until the owner approves); a second
 * partner registering the same company gets a conflict flag pointing at the first registrant,
 * which has priority. A deal for an existing customer must come from that customer's partner.
 */
export async function createDeal(
  ctx: AppContext,
  input: CreateDealInput,
  viewer: Principal = OWNER,
): Promise<DealView> {
  const data = parseInput(CreateDealSchema, input, 'deal');
  assertKnownCurrency(data.currency);
  let partnerId = data.partnerId ?? null;
  if (viewer.kind === 'partner') {
    if (partnerId && partnerId !== viewer.partnerId) await getPartner(ctx, partnerId, viewer);
    partnerId = viewer.partnerId;
  } else if (partnerId) await getPartner(ctx, partnerId);
  if (data.customerId) {
    const customer = await getCustomer(ctx, data.customerId, viewer);
    if (customer.partnerId !== partnerId) throw dealErrors.customerOfOtherPartner();
  }
  // A lead's date counts in the KPI report: the clock's for partners, staff may import history.
  const createdAt = await recordedDate(ctx, viewer, 'createdAt', data.createdAt, {
    closed: 'instant',
  });
  const key = companyKey(data.company);
  // An expired registration no longer blocks another partner's.
  const now = nowOf(ctx);
  const conflict = partnerId
    ? (await store.openDealsForCompany(ctx.db, key)).find(
        (d) => d.partner_id !== null && d.partner_id !== partnerId && !protectionExpired(d, now),
      )
    : undefined;
  const row: DealTable = {
    id: newId('deal'),
    partner_id: partnerId,
    customer_id: data.customerId ?? null,
    company: data.company,
    company_key: key,
    source: data.source ?? (partnerId ? 'partner' : 'direct'),
    stage: 'lead',
    registration: partnerId ? 'pending' : 'direct',
    value_minor: data.valueMinor,
    currency: data.currency,
    conflict_deal_id: conflict?.id ?? null,
    created_at: createdAt,
    qualified_at: null,
    proposal_at: null,
    closed_at: null,
    approved_at: null,
    protected_until: null,
    extension_days: null,
    extension_reason: null,
    extension_status: null,
    override_reason: null,
    reminded_at: null,
    expiry_noted_at: null,
  };
  await store.insertDeal(ctx.db, row);
  return dealView(row, now);
}

export async function listDeals(ctx: AppContext, viewer: Principal = OWNER): Promise<DealView[]> {
  if (viewer.kind === 'customer') return [];
  const filter = viewer.kind === 'partner' ? { partnerId: viewer.partnerId } : {};
  const now = nowOf(ctx);
  return (await store.listDeals(ctx.db, filter)).map((row) => dealView(row, now));
}

export async function getDeal(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<DealView> {
  const row = await store.findDeal(ctx.db, id);
  if (!row || viewer.kind === 'customer') throw dealErrors.notFound(id);
  if (viewer.kind === 'partner' && !canSeePartner(viewer, row.partner_id)) {
    throw dealErrors.notFound(id);
  }
  return dealView(row, nowOf(ctx));
}

/** Moves a deal one stage on (lead → qualified → proposal → won), or to lost. */
export async function moveDeal(
  ctx: AppContext,
  id: string,
  input: MoveDealInput,
  viewer: Principal = OWNER,
): Promise<DealView> {
  const data = parseInput(MoveDealSchema, input, 'deal stage');
  const deal = await getDeal(ctx, id, viewer);
  if (viewer.kind === 'partner' && deal.registration === 'offered')
    throw dealErrors.offerNotAccepted();
  if (!NEXT[deal.stage]!.includes(data.stage))
    throw dealErrors.badTransition(deal.stage, data.stage);
  // A stage's date moves money (a won deal's bounty falls in its period) and the cycle times:
  // the clock's for partners; staff may date history, in order and outside closed periods.
  const at = await recordedDate(ctx, viewer, 'at', data.at, {
    closed: 'instant',
    notBefore: [
      { at: deal.createdAt, what: 'the deal was created' },
      { at: deal.qualifiedAt, what: 'the deal was qualified' },
      { at: deal.proposalAt, what: 'the proposal' },
    ],
  });
  await store.updateDeal(ctx.db, id, {
    stage: data.stage,
    ...(data.stage === 'qualified' ? { qualified_at: at } : {}),
    ...(data.stage === 'proposal' ? { proposal_at: at } : {}),
    ...(data.stage === 'won' || data.stage === 'lost' ? { closed_at: at } : {}),
  });
  return getDeal(ctx, id);
}

/** The owner approves a partner's registration; the first registrant of a company has priority. */
export async function decideRegistration(
  ctx: AppContext,
  id: string,
  decision: 'approved' | 'rejected',
  viewer: Principal = OWNER,
): Promise<DealView> {
  const deal = await getDeal(ctx, id);
  if (deal.registration !== 'pending') throw dealErrors.notPending();
  // Approving a deal won inside a closed period would add a bounty to a closed statement.
  if (decision === 'approved' && deal.stage === 'won' && deal.closedAt) {
    await assertOutsideClosedPeriods(ctx, "the deal's win", deal.closedAt);
  }
  if (decision === 'approved' && deal.conflictDealId) {
    const first = await store.findDeal(ctx.db, deal.conflictDealId);
    if (
      first &&
      first.registration !== 'rejected' &&
      first.stage !== 'lost' &&
      !protectionExpired(first, nowOf(ctx))
    ) {
      throw dealErrors.registrationConflict(first.id);
    }
  }
  const changes =
    decision === 'approved'
      ? await protection(ctx, deal)
      : { approved_at: null, protected_until: null };
  await store.updateDeal(ctx.db, id, { registration: decision, ...changes });
  await recordEvent(ctx, {
    partnerId: deal.partnerId,
    subjectType: 'deal',
    subjectId: id,
    action: `registration_${decision}`,
    actor: actorOf(viewer),
    details: { company: deal.company, protectedUntil: changes.protected_until ?? null },
  });
  return getDeal(ctx, id);
}

/** From approval, the registration is protected for its partner tier's window (if one is set). */
async function protection(ctx: AppContext, deal: DealView) {
  const approvedAt = nowOf(ctx);
  const partner = deal.partnerId ? await getPartner(ctx, deal.partnerId) : null;
  const until = partner ? await protectionEnd(ctx, partner.tier, approvedAt) : null;
  return { approved_at: approvedAt, protected_until: until };
}

/** Lead distribution: the owner offers an open direct lead to a partner. */
export async function offerLead(ctx: AppContext, id: string, partnerId: string): Promise<DealView> {
  const deal = await getDeal(ctx, id);
  if (deal.partnerId || deal.registration !== 'direct' || !NEXT[deal.stage]!.length) {
    throw dealErrors.notOfferable();
  }
  const partner = await getPartner(ctx, partnerId);
  await store.updateDeal(ctx.db, id, { partner_id: partner.id, registration: 'offered' });
  return getDeal(ctx, id);
}

/** The partner accepts an offered lead (then works and converts it) or declines it back. */
export async function answerOffer(
  ctx: AppContext,
  id: string,
  answer: 'accept' | 'decline',
  viewer: Principal,
): Promise<DealView> {
  const deal = await getDeal(ctx, id, viewer);
  if (deal.registration !== 'offered') throw dealErrors.notOffered();
  // A lead the owner closed while it was offered is no longer the partner's to earn.
  if (answer === 'accept' && !NEXT[deal.stage]!.length) throw dealErrors.offerLapsed();
  await store.updateDeal(
    ctx.db,
    id,
    answer === 'accept'
      ? { registration: 'approved', ...(await protection(ctx, deal)) }
      : { registration: 'direct', partner_id: null },
  );
  await recordEvent(ctx, {
    partnerId: deal.partnerId,
    subjectType: 'deal',
    subjectId: id,
    action: answer === 'accept' ? 'offer_accepted' : 'offer_declined',
    actor: actorOf(viewer),
  });
  return getDeal(ctx, id);
}
