import type { Selectable } from 'kysely';
import { getCustomer, listCustomers } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { PlanTable, ProductTable, SubscriptionTable } from '../db/schema.ts';
import { assertKnownCurrency } from '../shared/currency.ts';
import { recordedDate } from '../shared/history-dates.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import { planErrors } from './plans.errors.ts';
import {
  type CreatePlanInput,
  CreatePlanSchema,
  type CreateProductInput,
  CreateProductSchema,
  DEFAULT_MAX_KEYS,
  type PlanView,
  type ProductView,
  type SubscribeInput,
  SubscribeSchema,
  type SubscriptionView,
} from './plans.schemas.ts';
import * as store from './plans.store.ts';

// Other domains (billing, reports) still import the view types from here.
export type { ProductView, SubscriptionView } from './plans.schemas.ts';

/** Creates a pricing plan; money is integer minor units in an ISO 4217 currency. */
export async function createPlan(ctx: AppContext, input: CreatePlanInput): Promise<PlanView> {
  const data = parseInput(CreatePlanSchema, input, 'plan');
  assertKnownCurrency(data.currency);
  data.tiers.forEach((tier, i) => {
    const last = i === data.tiers.length - 1;
    if (last !== (tier.upTo === null))
      throw planErrors.badTiers('only the last tier has upTo null');
    const before = data.tiers[i - 1]?.upTo;
    if (before != null && tier.upTo !== null && tier.upTo <= before) {
      throw planErrors.badTiers('upTo must increase from tier to tier');
    }
  });
  if (data.quotaUnits !== null && data.quotaUnits < data.includedUnits) {
    throw planErrors.badTiers('the quota cannot be smaller than the included units');
  }
  if (await store.findPlan(ctx.db, data.name)) throw planErrors.planExists(data.name);
  const row: PlanTable = {
    id: newId('pln'),
    name: data.name,
    currency: data.currency,
    unit: data.unit,
    billed_per: data.billedPer,
    monthly_fee_minor: data.monthlyFeeMinor,
    included_units: data.includedUnits,
    tier_mode: data.tierMode,
    tiers_json: JSON.stringify(data.tiers),
    quota_units: data.quotaUnits,
    overage_price_minor: data.overagePriceMinor,
    rate_per_second: data.ratePerSecond,
    burst: data.burst,
    max_keys: data.maxKeys,
    input_price_per_1k_minor: data.inputPricePer1kMinor,
    output_price_per_1k_minor: data.outputPricePer1kMinor,
    created_at: ctx.clock.now().toISOString(),
  };
  await store.insertPlan(ctx.db, row);
  return planView(row);
}

export async function listPlans(ctx: AppContext): Promise<PlanView[]> {
  return (await store.listPlans(ctx.db)).map(planView);
}

export async function getPlan(ctx: AppContext, idOrName: string): Promise<PlanView> {
  const row = await store.findPlan(ctx.db, idOrName);
  if (!row) throw planErrors.planNotFound(idOrName);
  return planView(row);
}

/** A product sells one endpoint (or a model sold through upstream providers) on one plan. */
export async function createProduct(
  ctx: AppContext,
  input: CreateProductInput,
): Promise<ProductView> {
  const data = parseInput(CreateProductSchema, input, 'product');
  const plan = await getPlan(ctx, data.plan);
  const endpointId = await ctx.endpoints.sellableIdOf(data.endpoint);
  if (await store.findProductByName(ctx.db, data.name)) throw planErrors.productExists(data.name);
  if (await store.findProductByEndpoint(ctx.db, endpointId)) {
    throw planErrors.productExists(`endpoint ${data.endpoint}`);
  }
  const row = {
    id: newId('prd'),
    name: data.name,
    endpoint_id: endpointId,
    plan_id: plan.id,
    created_at: ctx.clock.now().toISOString(),
  };
  await store.insertProduct(ctx.db, row);
  return productView(row, plan, data.endpoint);
}

export async function listProducts(ctx: AppContext): Promise<ProductView[]> {
  const rows = await store.listProducts(ctx.db);
  const names = await ctx.endpoints.namesOf(rows.map((r) => r.endpoint_id));
  const plans = new Map((await listPlans(ctx)).map((p) => [p.id, p]));
  return rows.map((r) => productView(r, plans.get(r.plan_id)!, names.get(r.endpoint_id) ?? '?'));
}

export async function getProduct(ctx: AppContext, id: string): Promise<ProductView> {
  const product = (await listProducts(ctx)).find((p) => p.id === id || p.name === id);
  if (!product) throw planErrors.productNotFound(id);
  return product;
}

export async function assertProductsExist(ctx: AppContext, ids: string[]): Promise<void> {
  for (const id of ids) {
    if (!(await store.findProduct(ctx.db, id))) throw planErrors.productNotFound(id);
  }
}

/** The product sold on an endpoint, with its plan (null: the endpoint is not sold). */
export async function productOfEndpoint(
  ctx: AppContext,
  endpointId: string,
): Promise<{ id: string; name: string; plan: PlanView } | null> {
  const row = await store.findProductByEndpoint(ctx.db, endpointId);
  if (!row) return null;
  const plan = await store.findPlan(ctx.db, row.plan_id);
  return { id: row.id, name: row.name, plan: planView(plan!) };
}

/** Subscribes a customer to a product (the monthly fee is charged per subscription). */
export async function subscribe(
  ctx: AppContext,
  customerId: string,
  input: SubscribeInput,
  viewer: Principal = OWNER,
): Promise<SubscriptionView> {
  const data = parseInput(SubscribeSchema, input, 'subscription');
  await getCustomer(ctx, customerId, viewer);
  const product = await store.findProduct(ctx.db, data.productId);
  if (!product) throw planErrors.productNotFound(data.productId);
  if (await store.findSubscription(ctx.db, customerId, product.id)) {
    throw planErrors.alreadySubscribed();
  }
  const now = ctx.clock.now().toISOString();
  // The start charges the monthly fee of every period from it on: the clock's for partners;
  // staff may import an earlier one, but not before the end of the last closed period.
  const startedAt = await recordedDate(ctx, viewer, 'startedAt', data.startedAt, {
    closed: 'onward',
  });
  const row = {
    id: newId('sub'),
    customer_id: customerId,
    product_id: product.id,
    started_at: startedAt,
    created_at: now,
  };
  await store.insertSubscription(ctx.db, row);
  return subscriptionView(row);
}

/**
 * Live API keys the customer may hold: the largest `maxKeys` of the plans it subscribes to, or
 * the default (10) without a subscription.
 */
export async function maxKeysOf(ctx: AppContext, customerId: string): Promise<number> {
  const subscribed = new Set(
    (await store.listSubscriptions(ctx.db, [customerId])).map((s) => s.product_id),
  );
  const plans = new Map((await store.listPlans(ctx.db)).map((p) => [p.id, p.max_keys]));
  const limits = (await store.listProducts(ctx.db))
    .filter((p) => subscribed.has(p.id))
    .map((p) => plans.get(p.plan_id) ?? DEFAULT_MAX_KEYS);
  return limits.length ? Math.max(...limits) : DEFAULT_MAX_KEYS;
}

/** Subscriptions the viewer may see (staff: all; partner: its customers'; customer: its own). */
export async function listSubscriptions(
  ctx: AppContext,
  viewer: Principal = OWNER,
): Promise<SubscriptionView[]> {
  const ids =
    viewer.kind === 'owner' || viewer.kind === 'admin' || viewer.kind === 'analyst'
      ? undefined
      : (await listCustomers(ctx, viewer)).map((c) => c.id);
  return (await store.listSubscriptions(ctx.db, ids)).map(subscriptionView);
}

export function planView(row: Selectable<PlanTable>): PlanView {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    unit: row.unit as PlanView['unit'],
    billedPer: row.billed_per as PlanView['billedPer'],
    monthlyFeeMinor: row.monthly_fee_minor,
    includedUnits: row.included_units,
    tierMode: row.tier_mode as PlanView['tierMode'],
    tiers: JSON.parse(row.tiers_json) as PlanView['tiers'],
    quotaUnits: row.quota_units,
    overagePriceMinor: row.overage_price_minor,
    ratePerSecond: row.rate_per_second,
    burst: row.burst,
    maxKeys: row.max_keys,
    inputPricePer1kMinor: row.input_price_per_1k_minor,
    outputPricePer1kMinor: row.output_price_per_1k_minor,
    createdAt: row.created_at,
  };
}

function productView(row: Selectable<ProductTable>, plan: PlanView, endpoint: string): ProductView {
  return {
    id: row.id,
    name: row.name,
    endpoint,
    endpointId: row.endpoint_id,
    plan,
    createdAt: row.created_at,
  };
}

function subscriptionView(row: Selectable<SubscriptionTable>): SubscriptionView {
  return {
    id: row.id,
    customerId: row.customer_id,
    productId: row.product_id,
    startedAt: row.started_at,
  };
}
