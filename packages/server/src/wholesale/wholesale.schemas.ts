import { z } from 'zod';
import { PARTNER_TIERS, PartnerParams } from '../channels/channels.schemas.ts';
import { TIER_MODES, TierSchema } from '../plans/plans.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

const minor = z.number().int('money is integer minor units').nonnegative();

export const ProductCostInputSchema = z
  .object({
    /** What one unit of the product (per its plan's unit: a call, or 1,000 units) costs the owner. */
    costMinor: minor,
    currency: CurrencySchema,
  })
  .strict();

export const WholesalePriceInputSchema = z
  .object({
    tier: z.enum(PARTNER_TIERS),
    productId: z.string().min(1),
    /** Per unit of the product's plan (a call, or 1,000 units); never under the product's cost. */
    priceMinor: minor,
    currency: CurrencySchema,
    /** A reseller's retail prices must be at least this much above this price (1% = 100). */
    minMarginBps: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();

export const RetailPlanInputSchema = z
  .object({
    productId: z.string().min(1),
    name: z.string().trim().min(1).max(100),
    monthlyFeeMinor: minor.default(0),
    includedUnits: z.number().int().nonnegative().default(0),
    tierMode: z.enum(TIER_MODES).default('graduated'),
    tiers: z.array(TierSchema).min(1).max(20),
  })
  .strict();

export const ProductParams = z.object({ productId: z.string().min(1) });

export type ProductCostInput = z.input<typeof ProductCostInputSchema>;
export type WholesalePriceInput = z.input<typeof WholesalePriceInputSchema>;
export type RetailPlanInput = z.input<typeof RetailPlanInputSchema>;

const int = z.number().int();

export const ProductCostSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    costMinor: int,
    currency: z.string(),
    /** From the end of the last closed period (null: since ever); closed periods keep theirs. */
    effectiveFrom: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'ProductCost' });

export const WholesalePriceSchema = z
  .object({
    id: z.string(),
    tier: z.enum(PARTNER_TIERS),
    productId: z.string(),
    priceMinor: int,
    currency: z.string(),
    minMarginBps: int,
    effectiveFrom: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'WholesalePrice' });

export const RetailPlanSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    productId: z.string(),
    name: z.string(),
    /** The partner's currency. */
    currency: z.string(),
    monthlyFeeMinor: int,
    includedUnits: int,
    tierMode: z.enum(TIER_MODES),
    tiers: z.array(z.object({ upTo: int.nullable(), priceMinor: int })),
    effectiveFrom: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'RetailPlan' });

export type ProductCostView = z.infer<typeof ProductCostSchema>;
export type WholesalePriceView = z.infer<typeof WholesalePriceSchema>;
export type RetailPlanView = z.infer<typeof RetailPlanSchema>;

export const wholesaleContract = {
  listCosts: route({
    method: 'GET',
    path: '/api/v1/product-costs',
    summary: "The owner's cost per unit of each product (the floor of every wholesale price)",
    access: ACCESS.staffRead,
    response: z.array(ProductCostSchema),
  }),
  setCost: route({
    method: 'PUT',
    path: '/api/v1/products/:productId/cost',
    summary: "Set a product's cost per unit (from the next period to close)",
    access: ACCESS.staff,
    params: ProductParams,
    body: ProductCostInputSchema,
    response: ProductCostSchema,
  }),
  listPrices: route({
    method: 'GET',
    path: '/api/v1/wholesale-prices',
    summary: 'The wholesale price list per tier (what Qudao invoices resellers)',
    access: ACCESS.readStaffOrPartner,
    response: z.array(WholesalePriceSchema),
  }),
  setPrice: route({
    method: 'POST',
    path: '/api/v1/wholesale-prices',
    summary: "Set a tier's wholesale price of a product (never under its cost)",
    access: ACCESS.staff,
    body: WholesalePriceInputSchema,
    status: 201,
    response: WholesalePriceSchema,
  }),
  listRetailPlans: route({
    method: 'GET',
    path: '/api/v1/partners/:partnerId/retail-plans',
    summary: "A reseller's retail plans (what its customers are invoiced)",
    access: ACCESS.readStaffOrPartner,
    params: PartnerParams,
    response: z.array(RetailPlanSchema),
  }),
  createRetailPlan: route({
    method: 'POST',
    path: '/api/v1/partners/:partnerId/retail-plans',
    summary: "Set a reseller's retail plan for a product, within the owner's margin floor",
    access: ACCESS.staffOrPartner,
    params: PartnerParams,
    body: RetailPlanInputSchema,
    status: 201,
    response: RetailPlanSchema,
  }),
};
