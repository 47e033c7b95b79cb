import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { CustomerTable, PartnerTable } from '../db/schema.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { parseInput } from '../shared/validate.ts';
import { channelErrors } from './channels.errors.ts';
import {
  type CreateCustomerInput,
  CreateCustomerSchema,
  type CreatePartnerInput,
  CreatePartnerSchema,
} from './channels.schemas.ts';
import * as store from './channels.store.ts';

export interface PartnerView {
  id: string;
  name: string;
  tier: string;
  region: string | null;
  createdAt: string;
}

export interface CustomerView {
  id: string;
  name: string;
  partnerId: string | null;
  partnerName: string | null;
  createdAt: string;
}

export async function createPartner(
  ctx: AppContext,
  input: CreatePartnerInput,
): Promise<PartnerView> {
  const data = parseInput(CreatePartnerSchema, input, 'partner');
  const row = {
    id: newId('prt'),
    name: data.name,
    tier: data.tier,
    region: data.region ?? null,
    created_at: nowIso(),
  };
  await store.insertPartner(ctx.db, row);
  return partnerView(row);
}

export async function listPartners(ctx: AppContext): Promise<PartnerView[]> {
  return (await store.listPartners(ctx.db)).map(partnerView);
}

export async function getPartner(ctx: AppContext, id: string): Promise<PartnerView> {
  const row = await store.findPartner(ctx.db, id);
  if (!row) throw channelErrors.partnerNotFound(id);
  return partnerView(row);
}

/** A customer is sold directly (no partner) or through exactly one partner. */
export async function createCustomer(
  ctx: AppContext,
  input: CreateCustomerInput,
): Promise<CustomerView> {
  const data = parseInput(CreateCustomerSchema, input, 'customer');
  const partner = data.partnerId ? await getPartner(ctx, data.partnerId) : null;
  const row = {
    id: newId('cus'),
    name: data.name,
    partner_id: partner?.id ?? null,
    created_at: nowIso(),
  };
  await store.insertCustomer(ctx.db, row);
  return { ...customerView(row), partnerName: partner?.name ?? null };
}

export async function getCustomer(ctx: AppContext, id: string): Promise<CustomerView> {
  const row = await store.findCustomer(ctx.db, id);
  if (!row) throw channelErrors.customerNotFound(id);
  const partner = row.partner_id ? await store.findPartner(ctx.db, row.partner_id) : undefined;
  return { ...customerView(row), partnerName: partner?.name ?? null };
}

export async function listCustomers(ctx: AppContext): Promise<CustomerView[]> {
  const partners = new Map((await store.listPartners(ctx.db)).map((p) => [p.id, p.name]));
  return (await store.listCustomers(ctx.db)).map((row) => ({
    ...customerView(row),
    partnerName: row.partner_id ? (partners.get(row.partner_id) ?? null) : null,
  }));
}

function partnerView(row: Selectable<PartnerTable>): PartnerView {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    region: row.region,
    createdAt: row.created_at,
  };
}

function customerView(row: Selectable<CustomerTable>): CustomerView {
  return {
    id: row.id,
    name: row.name,
    partnerId: row.partner_id,
    partnerName: null,
    createdAt: row.created_at,
  };
}
