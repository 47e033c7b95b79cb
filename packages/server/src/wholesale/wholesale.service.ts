import { getPartner } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import type { AppContext } from '../context.ts';
import { getProduct } from '../plans/plans.service.ts';
import { actorOf } from '../shared/actor.ts';
import { assertKnownCurrency, formatMinor } from '../shared/currency.ts';
import { convertMinorExact } from '../shared/exchange-rates.ts';
import { newId } from '../shared/ids.ts';
import { inForceAt } from '../shared/in-force.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { wholesaleErrors } from './wholesale.errors.ts';
import {
  type ProductCostInput,
  ProductCostInputSchema,
  type ProductCostView,
  type RetailPlanInput,
  RetailPlanInputSchema,
  type RetailPlanView,
  type WholesalePriceInput,
  WholesalePriceInputSchema,
  type WholesalePriceView,
} from './wholesale.schemas.ts';
import * as store from './wholesale.store.ts';

/** New entries take effect from the end of the last closed period: closed ones keep theirs. */
async function effectiveFrom(ctx: AppContext) {
  return (await ctx.periods.latest())?.end ?? null;
}

/** `amount` of `from` in `to`, with the owner's rate (409 without one). */
async function inCurrency(ctx: AppContext, amount: number, from: string, to: string) {
  if (from === to) return amount;
  const rate = await ctx.rates.rateOf(from, to);
  if (rate === null) throw wholesaleErrors.noRate(from, to);
  return convertMinorExact(amount, rate, from, to);
}

export async function setProductCost(
  ctx: AppContext,
  productId: string,
  input: ProductCostInput,
  viewer: Principal = OWNER,
): Promise<ProductCostView> {
  const data = parseInput(ProductCostInputSchema, input, 'product cost');
  assertKnownCurrency(data.currency);
  const product = await getProduct(ctx, productId);
  const row = {
    id: newId('cost'),
    product_id: product.id,
    cost_minor: data.costMinor,
    currency: data.currency,
    effective_from: await effectiveFrom(ctx),
    created_at: ctx.clock.now().toISOString(),
  };
  await inTransaction(ctx, async (tx) => {
    await store.insertCost(tx.db, row);
    await recordEvent(tx, {
      partnerId: null,
      subjectType: 'product',
      subjectId: product.id,
      action: 'cost_set',
      actor: actorOf(viewer),
      details: { costMinor: row.cost_minor, currency: row.currency },
    });
  });
  return costView(row);
}

export async function listProductCosts(ctx: AppContext): Promise<ProductCostView[]> {
  return (await store.listCosts(ctx.db)).map(costView);
}

/**
 * Sets a tier's wholesale price of a product. Cost is the owner's cost per unit of the product
 * (`PUT /products/:id/cost`); a price under it (converted with the owner's rate when the
 * currencies differ) is refused, so no tier resells at a loss to Qudao.
 */
export async function setWholesalePrice(
  ctx: AppContext,
  input: WholesalePriceInput,
  viewer: Principal = OWNER,
): Promise<WholesalePriceView> {
  const data = parseInput(WholesalePriceInputSchema, input, 'wholesale price');
  assertKnownCurrency(data.currency);
  const product = await getProduct(ctx, data.productId);
  const costs = (await listProductCosts(ctx)).filter((c) => c.productId === product.id);
  const cost = costs.at(-1);
  if (!cost) throw wholesaleErrors.costNotSet(product.id);
  const floor = await inCurrency(ctx, cost.costMinor, cost.currency, data.currency);
  if (data.priceMinor < floor - 1e-9) {
    throw wholesaleErrors.underCost(
      `${formatMinor(data.priceMinor, data.currency)} ${data.currency}`,
      `${formatMinor(cost.costMinor, cost.currency)} ${cost.currency}`,
    );
  }
  const row = {
    id: newId('wsp'),
    tier: data.tier,
    product_id: product.id,
    price_minor: data.priceMinor,
    currency: data.currency,
    min_margin_bps: data.minMarginBps,
    effective_from: await effectiveFrom(ctx),
    created_at: ctx.clock.now().toISOString(),
  };
  await inTransaction(ctx, async (tx) => {
    await store.insertPrice(tx.db, row);
    await recordEvent(tx, {
      partnerId: null,
      subjectType: 'wholesale_price',
      subjectId: row.id,
      action: 'wholesale_price_set',
      actor: actorOf(viewer),
      details: { tier: row.tier, productId: row.product_id, priceMinor: row.price_minor },
    });
  });
  return priceView(row);
}

export async function listWholesalePrices(ctx: AppContext): Promise<WholesalePriceView[]> {
  return (await store.listPrices(ctx.db)).map(priceView);
}

/** The wholesale price of a product for a tier in force for a period ending at `end`. */
export function wholesalePriceAt(
  prices: readonly WholesalePriceView[],
  tier: string,
  productId: string,
  end: string,
): WholesalePriceView | undefined {
  return inForceAt(
    prices.filter((p) => p.tier === tier && p.productId === productId),
    end,
  );
}

/** The reseller's retail plan of a product in force for a period ending at `end`. */
export function retailPlanAt(
  plans: readonly RetailPlanView[],
  partnerId: string,
  productId: string,
  end: string,
): RetailPlanView | undefined {
  return inForceAt(
    plans.filter((p) => p.partnerId === partnerId && p.productId === productId),
    end,
  );
}

/**
 * A reseller sets the retail plan its customers are invoiced on, in its own currency. The
 * owner's floor: every unit price (each tier, and the monthly fee spread over its included
 * units) at least the tier's wholesale price plus its minimum margin, converted into the
 * partner's currency with the owner's rate.
 */
export async function createRetailPlan(
  ctx: AppContext,
  partnerId: string,
  input: RetailPlanInput,
  viewer: Principal = OWNER,
): Promise<RetailPlanView> {
  const data = parseInput(RetailPlanInputSchema, input, 'retail plan');
  const partner = await getPartner(ctx, partnerId, viewer);
  if (partner.model !== 'wholesale') throw wholesaleErrors.notReseller();
  const product = await getProduct(ctx, data.productId);
  data.tiers.forEach((tier, i) => {
    if ((i === data.tiers.length - 1) !== (tier.upTo === null)) {
      throw wholesaleErrors.badTiers('only the last tier has upTo null');
    }
    const before = data.tiers[i - 1]?.upTo;
    if (before != null && tier.upTo !== null && tier.upTo <= before) {
      throw wholesaleErrors.badTiers('upTo must increase from tier to tier');
    }
  });
  const price = wholesalePriceAt(
    await listWholesalePrices(ctx),
    partner.tier,
    product.id,
    '9999-12-31T00:00:00.000Z',
  );
  if (!price) throw wholesaleErrors.noWholesalePrice(partner.tier, product.id);
  const base = await inCurrency(ctx, price.priceMinor, price.currency, partner.currency);
  const floor = (base * (10_000 + price.minMarginBps)) / 10_000;
  const shown = floor.toFixed(2);
  const below = (amount: number) => amount < floor - 1e-9;
  for (const tier of data.tiers) {
    if (below(tier.priceMinor)) {
      throw wholesaleErrors.belowFloor(
        `the tier price ${tier.priceMinor}`,
        shown,
        `${partner.currency} minor units`,
      );
    }
  }
  if (data.includedUnits > 0 && below(data.monthlyFeeMinor / data.includedUnits)) {
    throw wholesaleErrors.belowFloor(
      `the monthly fee over its ${data.includedUnits} included units`,
      shown,
      `${partner.currency} minor units`,
    );
  }
  const row = {
    id: newId('rpl'),
    partner_id: partner.id,
    product_id: product.id,
    name: data.name,
    currency: partner.currency,
    monthly_fee_minor: data.monthlyFeeMinor,
    included_units: data.includedUnits,
    tier_mode: data.tierMode,
    tiers_json: JSON.stringify(data.tiers),
    effective_from: await effectiveFrom(ctx),
    created_at: ctx.clock.now().toISOString(),
  };
  await inTransaction(ctx, async (tx) => {
    await store.insertRetailPlan(tx.db, row);
    await recordEvent(tx, {
      partnerId: partner.id,
      subjectType: 'retail_plan',
      subjectId: row.id,
      action: 'retail_plan_set',
      actor: actorOf(viewer),
      details: { productId: product.id, floorMinor: Math.round(floor * 100) / 100 },
    });
  });
  return retailView(row);
}

export async function listRetailPlans(
  ctx: AppContext,
  partnerId?: string,
  viewer: Principal = OWNER,
): Promise<RetailPlanView[]> {
  if (partnerId) await getPartner(ctx, partnerId, viewer);
  return (await store.listRetailPlans(ctx.db, partnerId)).map(retailView);
}

function costView(row: Awaited<ReturnType<typeof store.listCosts>>[number]): ProductCostView {
  return {
    id: row.id,
    productId: row.product_id,
    costMinor: row.cost_minor,
    currency: row.currency,
    effectiveFrom: row.effective_from,
    createdAt: row.created_at,
  };
}

function priceView(row: Awaited<ReturnType<typeof store.listPrices>>[number]): WholesalePriceView {
  return {
    id: row.id,
    tier: row.tier as WholesalePriceView['tier'],
    productId: row.product_id,
    priceMinor: row.price_minor,
    currency: row.currency,
    minMarginBps: row.min_margin_bps,
    effectiveFrom: row.effective_from,
    createdAt: row.created_at,
  };
}

function retailView(
  row: Awaited<ReturnType<typeof store.listRetailPlans>>[number],
): RetailPlanView {
  return {
    id: row.id,
    partnerId: row.partner_id,
    productId: row.product_id,
    name: row.name,
    currency: row.currency,
    monthlyFeeMinor: row.monthly_fee_minor,
    includedUnits: row.included_units,
    tierMode: row.tier_mode as RetailPlanView['tierMode'],
    tiers: JSON.parse(row.tiers_json) as RetailPlanView['tiers'],
    effectiveFrom: row.effective_from,
    createdAt: row.created_at,
  };
}
