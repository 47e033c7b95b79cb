import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { CustomerTable, PartnerTable } from '../db/schema.ts';
import { actorOf } from '../shared/actor.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { historyErrors, recordedDate } from '../shared/history-dates.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { canSeeCustomer, canSeePartner, tenantFilter } from '../shared/tenancy.ts';
import { parseInput } from '../shared/validate.ts';
import { channelErrors } from './channels.errors.ts';
import {
  type CreateCustomerInput,
  CreateCustomerSchema,
  type CreatePartnerInput,
  CreatePartnerSchema,
  type CustomerView,
  type PartnerView,
  type UpdatePartnerInput,
  UpdatePartnerSchema,
} from './channels.schemas.ts';
import * as store from './channels.store.ts';
import { recordEvent } from './partner-events.service.ts';
import type { CreateReferralCodeInput, ReferralCodeView } from './referrals.schemas.ts';
import {
  createReferralCode,
  listReferralCodes,
  referralSettings,
  resolveAttribution,
  saveAttribution,
} from './referrals.service.ts';

type Tier = PartnerView['tier'];
const DAY = 86_400_000;

// Other domains (billing, reports) still import the view types from here.
export type { CustomerView, PartnerView } from './channels.schemas.ts';

export async function createPartner(
  ctx: AppContext,
  input: CreatePartnerInput,
): Promise<PartnerView> {
  const data = parseInput(CreatePartnerSchema, input, 'partner');
  assertKnownCurrency(data.currency);
  const regions = [...new Set([...(data.region ? [data.region] : []), ...data.regions])];
  const row = {
    id: newId('prt'),
    name: data.name,
    tier: data.tier,
    channel: data.channel,
    region: regions[0] ?? null,
    regions_json: JSON.stringify(regions),
    industries_json: JSON.stringify(data.industries),
    model: data.model,
    currency: data.currency,
    created_at: ctx.clock.now().toISOString(),
  };
  await store.insertPartner(ctx.db, row);
  await store.insertTierChange(ctx.db, {
    id: newId('tier'),
    partner_id: row.id,
    tier: row.tier,
    at: row.created_at,
    reason: 'created',
  });
  return partnerView(row);
}

/** Partners the viewer may see: all for staff, itself for a partner. */
export async function listPartners(
  ctx: AppContext,
  viewer: Principal = OWNER,
): Promise<PartnerView[]> {
  if (viewer.kind === 'customer') return [];
  const filter = viewer.kind === 'partner' ? { partnerId: viewer.partnerId } : {};
  return (await store.listPartners(ctx.db, filter)).map(partnerView);
}

export async function getPartner(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<PartnerView> {
  const row = await store.findPartner(ctx.db, id);
  if (!row || !canSeePartner(viewer, row.id)) throw channelErrors.partnerNotFound(id);
  return partnerView(row);
}

export async function updatePartner(
  ctx: AppContext,
  id: string,
  input: UpdatePartnerInput,
  viewer: Principal = OWNER,
): Promise<PartnerView> {
  const data = parseInput(UpdatePartnerSchema, input, 'partner update');
  const current = await getPartner(ctx, id);
  if (data.tier && data.tier !== current.tier) {
    await setPartnerTier(ctx, id, data.tier, 'staff', actorOf(viewer));
  }
  const changes = {
    ...(data.regions
      ? { regions_json: JSON.stringify(data.regions), region: data.regions[0] ?? null }
      : {}),
    ...(data.industries ? { industries_json: JSON.stringify(data.industries) } : {}),
  };
  // An empty patch skips the UPDATE (one without columns is not SQL); the tier is set above.
  if (Object.keys(changes).length > 0) await store.updatePartner(ctx.db, id, changes);
  return getPartner(ctx, current.id);
}

/**
 * Changes a partner's tier from now on, keeping the history: a closed period is recomputed with
 * the tier in force at its end, so a later change never alters it. Partners made before the
 * history existed get their first entry (their tier at creation) here.
 */
export async function setPartnerTier(
  ctx: AppContext,
  id: string,
  tier: Tier,
  reason: 'staff' | 'promotion' | 'review',
  actor: string,
): Promise<void> {
  const partner = await store.findPartner(ctx.db, id);
  if (!partner) throw channelErrors.partnerNotFound(id);
  if ((await store.listTierHistory(ctx.db, id)).length === 0) {
    await store.insertTierChange(ctx.db, {
      id: newId('tier'),
      partner_id: id,
      tier: partner.tier,
      at: partner.created_at,
      reason: 'created',
    });
  }
  const at = ctx.clock.now().toISOString();
  await store.insertTierChange(ctx.db, { id: newId('tier'), partner_id: id, tier, at, reason });
  await store.updatePartner(ctx.db, id, { tier });
  await recordEvent(ctx, {
    partnerId: id,
    subjectType: 'partner',
    subjectId: id,
    action: 'tier_changed',
    actor,
    details: { from: partner.tier, to: tier, reason },
    at,
  });
}

export interface TierChange {
  tier: Tier;
  at: string;
}

/** Every partner's tier changes, oldest first. */
export async function tierHistory(ctx: AppContext): Promise<Map<string, TierChange[]>> {
  const history = new Map<string, TierChange[]>();
  for (const row of await store.listTierHistory(ctx.db)) {
    const list = history.get(row.partner_id) ?? [];
    list.push({ tier: row.tier as Tier, at: row.at });
    history.set(row.partner_id, list);
  }
  return history;
}

/**
 * The tier in force just before `end` (a period's end): the last change before it; before the
 * first change, the first tier known; without history, `fallback` (the partner's tier).
 */
export function tierAt(changes: readonly TierChange[] | undefined, end: string, fallback: Tier) {
  if (!changes || changes.length === 0) return fallback;
  let tier = changes[0]!.tier;
  for (const change of changes) if (change.at < end) tier = change.tier;
  return tier;
}

/** A referral code for the partner (the partner itself or staff). */
export async function createPartnerReferralCode(
  ctx: AppContext,
  partnerId: string,
  input: CreateReferralCodeInput,
  viewer: Principal = OWNER,
): Promise<ReferralCodeView> {
  const partner = await getPartner(ctx, partnerId, viewer);
  return createReferralCode(ctx, partner.id, input, viewer, partner.name);
}

export async function listPartnerReferralCodes(
  ctx: AppContext,
  partnerId: string,
  viewer: Principal = OWNER,
): Promise<ReferralCodeView[]> {
  const partner = await getPartner(ctx, partnerId, viewer);
  return listReferralCodes(ctx, partner.id);
}

/**
 * Attributes a direct customer to the partner of a referral code it came back with (a key made
 * through a code), from now on: its invoices of periods ending after now earn the partner's
 * commission. Only within the attribution window from its sign-up; never moves a partner's
 * customer.
 */
export async function attributeCustomer(
  ctx: AppContext,
  customerId: string,
  code: string,
  viewer: Principal = OWNER,
): Promise<void> {
  const customer = await store.findCustomer(ctx.db, customerId);
  if (!customer) throw channelErrors.customerNotFound(customerId);
  if (customer.partner_id) throw channelErrors.alreadyAttributed();
  const { windowDays } = await referralSettings(ctx);
  const now = ctx.clock.now();
  if (now.getTime() - Date.parse(customer.created_at) > windowDays * DAY) {
    throw channelErrors.windowPassed(windowDays);
  }
  const attribution = await resolveAttribution(ctx, { code });
  if (!attribution) throw channelErrors.referralCodeNotFound(code);
  await store.updateCustomer(ctx.db, customerId, {
    partner_id: attribution.partnerId,
    attributed_at: now.toISOString(),
  });
  await saveAttribution(ctx, customerId, attribution, actorOf(viewer));
}

/**
 * A customer is sold directly (no partner) or through exactly one partner. A partner creates
 * customers for itself only.
 */
export async function createCustomer(
  ctx: AppContext,
  input: CreateCustomerInput,
  viewer: Principal = OWNER,
): Promise<CustomerView> {
  const data = parseInput(CreateCustomerSchema, input, 'customer');
  let partnerId = data.partnerId ?? null;
  if (data.referral && viewer.kind !== 'owner' && viewer.kind !== 'admin') {
    throw historyErrors.staffOnly('referral');
  }
  if (data.referral && partnerId) throw channelErrors.referralWithPartner();
  // A sign-up through a referral: the owner's window and first/last-touch rule pick the partner.
  const attribution = data.referral ? await resolveAttribution(ctx, data.referral) : null;
  if (attribution) partnerId = attribution.partnerId;
  if (viewer.kind === 'partner') {
    if (partnerId && partnerId !== viewer.partnerId) throw channelErrors.partnerNotFound(partnerId);
    partnerId = viewer.partnerId;
  }
  const partner = partnerId ? await getPartner(ctx, partnerId) : null;
  const now = ctx.clock.now().toISOString();
  // The start picks first-year or renewal commission rates: the clock's for a partner's new
  // customer; staff may import an earlier one (it changes no closed period: a new customer has
  // no invoices yet), never a later one.
  const since = await recordedDate(ctx, viewer, 'since', data.since, { closed: 'none' });
  const row = {
    id: newId('cus'),
    name: data.name,
    partner_id: partner?.id ?? null,
    region: data.region ?? null,
    industry: data.industry ?? null,
    size: data.size ?? null,
    since,
    created_at: now,
    attributed_at: null,
  };
  await store.insertCustomer(ctx.db, row);
  if (attribution) await saveAttribution(ctx, row.id, attribution, actorOf(viewer));
  return { ...customerView(row), partnerName: partner?.name ?? null };
}

/** One customer, if the viewer may see it (404 otherwise: other tenants' ids are not probed). */
export async function getCustomer(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<CustomerView> {
  const row = await store.findCustomer(ctx.db, id);
  if (!row || !canSeeCustomer(viewer, { id: row.id, partnerId: row.partner_id })) {
    throw channelErrors.customerNotFound(id);
  }
  const partner = row.partner_id ? await store.findPartner(ctx.db, row.partner_id) : undefined;
  return { ...customerView(row), partnerName: partner?.name ?? null };
}

export async function listCustomers(
  ctx: AppContext,
  viewer: Principal = OWNER,
): Promise<CustomerView[]> {
  const partners = new Map((await store.listPartners(ctx.db)).map((p) => [p.id, p.name]));
  const rows = await store.listCustomers(ctx.db, tenantFilter(viewer) ?? {});
  return rows.map((row) => ({
    ...customerView(row),
    partnerName: row.partner_id ? (partners.get(row.partner_id) ?? null) : null,
  }));
}

function partnerView(row: Selectable<PartnerTable>): PartnerView {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier as PartnerView['tier'],
    channel: row.channel as PartnerView['channel'],
    region: row.region,
    regions: JSON.parse(row.regions_json) as string[],
    industries: JSON.parse(row.industries_json) as string[],
    model: row.model as PartnerView['model'],
    currency: row.currency,
    createdAt: row.created_at,
  };
}

function customerView(row: Selectable<CustomerTable>): CustomerView {
  return {
    id: row.id,
    name: row.name,
    partnerId: row.partner_id,
    partnerName: null,
    region: row.region,
    industry: row.industry,
    size: row.size as CustomerView['size'],
    since: row.since ?? row.created_at,
    attributedAt: row.attributed_at,
    createdAt: row.created_at,
  };
}
