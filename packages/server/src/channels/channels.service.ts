import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { CustomerTable, PartnerTable } from '../db/schema.ts';
import { recordedDate } from '../shared/history-dates.ts';
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

// Other domains (billing, reports) still import the view types from here.
export type { CustomerView, PartnerView } from './channels.schemas.ts';

export async function createPartner(
  ctx: AppContext,
  input: CreatePartnerInput,
): Promise<PartnerView> {
  const data = parseInput(CreatePartnerSchema, input, 'partner');
  const regions = [...new Set([...(data.region ? [data.region] : []), ...data.regions])];
  const row = {
    id: newId('prt'),
    name: data.name,
    tier: data.tier,
    channel: data.channel,
    region: regions[0] ?? null,
    regions_json: JSON.stringify(regions),
    industries_json: JSON.stringify(data.industries),
    created_at: ctx.clock.now().toISOString(),
  };
  await store.insertPartner(ctx.db, row);
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
): Promise<PartnerView> {
  const data = parseInput(UpdatePartnerSchema, input, 'partner update');
  const current = await getPartner(ctx, id);
  const changes = {
    ...(data.tier ? { tier: data.tier } : {}),
    ...(data.regions
      ? { regions_json: JSON.stringify(data.regions), region: data.regions[0] ?? null }
      : {}),
    ...(data.industries ? { industries_json: JSON.stringify(data.industries) } : {}),
  };
  // An empty patch changes nothing (an UPDATE without columns is not SQL).
  if (Object.keys(changes).length === 0) return current;
  await store.updatePartner(ctx.db, id, changes);
  return getPartner(ctx, current.id);
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
  };
  await store.insertCustomer(ctx.db, row);
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
    createdAt: row.created_at,
  };
}
