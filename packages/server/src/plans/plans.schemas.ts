import { z } from 'zod';
import { CustomerParams } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

/** What one price applies to: a call, or 1,000 billable units. */
export const PLAN_UNITS = ['call', 'thousand_units'] as const;
/** What a unit counts: each input row of a call, or the call as a whole. */
export const BILLED_PER = ['row', 'call'] as const;
/** graduated: each tier's units at its price; volume: all units at the price of the tier reached. */
export const TIER_MODES = ['graduated', 'volume'] as const;

/** Live API keys a customer may hold when no plan of its says otherwise. */
export const DEFAULT_MAX_KEYS = 10;

const minor = z
  .number()
  .int('money is integer minor units (cents, fen)')
  .nonnegative('prices cannot be negative');

export const TierSchema = z
  .object({
    /** Upper bound of the tier in billable units, inclusive; null for the last tier. */
    upTo: z.number().int().positive().nullable(),
    /** Price per call, or per 1,000 units (see the plan's unit), in minor units. */
    priceMinor: minor,
  })
  .strict();

export const CreatePlanSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    currency: CurrencySchema,
    /** What one price applies to: one unit, or 1,000 units (`thousand_units`). */
    unit: z.enum(PLAN_UNITS).default('call'),
    /** What a unit counts: each input row of a call (default), or the call as a whole. */
    billedPer: z.enum(BILLED_PER).default('row'),
    monthlyFeeMinor: minor.default(0),
    includedUnits: z.number().int().nonnegative().default(0),
    tierMode: z.enum(TIER_MODES).default('graduated'),
    tiers: z
      .array(TierSchema)
      .min(1)
      .max(20)
      .default([{ upTo: null, priceMinor: 0 }]),
    /** Units per monthly period; beyond it calls are refused (429) unless overage is priced. */
    quotaUnits: z.number().int().positive().nullable().default(null),
    overagePriceMinor: minor.nullable().default(null),
    /** Token bucket per customer and product (all its keys together): refill rate and size. */
    ratePerSecond: z.number().positive().max(100_000).default(50),
    burst: z.number().int().positive().max(1_000_000).default(100),
    /** Live (active, unexpired) API keys a customer on this plan may hold. */
    maxKeys: z.number().int().positive().max(10_000).default(DEFAULT_MAX_KEYS),
    /**
     * Language models: minor units per 1,000 input (prompt) and output (completion) tokens,
     * billed on top of the call's units; null: the plan does not price tokens.
     */
    inputPricePer1kMinor: minor.max(1_000_000_000).nullable().default(null),
    outputPricePer1kMinor: minor.max(1_000_000_000).nullable().default(null),
  })
  .strict();

export const CreateProductSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** The endpoint sold (by name). */
    endpoint: z.string().min(1),
    /** The plan's id or name. */
    plan: z.string().min(1),
  })
  .strict();

export const SubscribeSchema = z
  .object({
    productId: z.string().min(1),
    /**
     * When the subscription starts (default: the server's clock). Staff only (imports), not
     * after now and not before the end of the last closed billing period.
     */
    startedAt: z.iso.datetime().optional(),
  })
  .strict();

export type CreatePlanInput = z.input<typeof CreatePlanSchema>;
export type CreateProductInput = z.input<typeof CreateProductSchema>;
export type SubscribeInput = z.input<typeof SubscribeSchema>;

const int = z.number().int();

export const PlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** ISO 4217 code, upper case; every amount is in its minor unit. */
    currency: z.string(),
    unit: z.enum(PLAN_UNITS),
    billedPer: z.enum(BILLED_PER),
    monthlyFeeMinor: int,
    includedUnits: int,
    tierMode: z.enum(TIER_MODES),
    tiers: z.array(z.object({ upTo: int.nullable(), priceMinor: int })),
    quotaUnits: int.nullable(),
    overagePriceMinor: int.nullable(),
    ratePerSecond: z.number(),
    burst: int,
    maxKeys: int,
    inputPricePer1kMinor: int.nullable(),
    outputPricePer1kMinor: int.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'Plan' });

export const ProductSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The endpoint sold, by name. */
    endpoint: z.string(),
    endpointId: z.string(),
    plan: PlanSchema,
    createdAt: Instant,
  })
  .meta({ id: 'Product' });

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    productId: z.string(),
    startedAt: Instant,
  })
  .meta({ id: 'Subscription' });

export type PlanView = z.infer<typeof PlanSchema>;
export type ProductView = z.infer<typeof ProductSchema>;
export type SubscriptionView = z.infer<typeof SubscriptionSchema>;

export const plansContract = {
  // Price lists are not tenant data: partners read them to sell.
  listPlans: route({
    method: 'GET',
    path: '/api/v1/plans',
    summary: 'List pricing plans',
    access: ACCESS.readStaffOrPartner,
    response: z.array(PlanSchema),
  }),
  createPlan: route({
    method: 'POST',
    path: '/api/v1/plans',
    summary: 'Create a pricing plan (integer minor units of an ISO 4217 currency)',
    access: ACCESS.staff,
    body: CreatePlanSchema,
    status: 201,
    response: PlanSchema,
  }),
  // Customers read them too: a key is scoped by product id, and invoices name products.
  listProducts: route({
    method: 'GET',
    path: '/api/v1/products',
    summary: 'List products (an endpoint sold on a plan)',
    access: ACCESS.anyone,
    response: z.array(ProductSchema),
  }),
  createProduct: route({
    method: 'POST',
    path: '/api/v1/products',
    summary: 'Sell an endpoint on a plan',
    access: ACCESS.staff,
    body: CreateProductSchema,
    status: 201,
    response: ProductSchema,
  }),
  listSubscriptions: route({
    method: 'GET',
    path: '/api/v1/subscriptions',
    summary: "List subscriptions (a partner sees its customers', a customer its own)",
    access: ACCESS.anyone,
    response: z.array(SubscriptionSchema),
  }),
  subscribe: route({
    method: 'POST',
    path: '/api/v1/customers/:customerId/subscriptions',
    summary: 'Subscribe a customer to a product (a partner subscribes its own customers)',
    access: ACCESS.staffOrPartner,
    params: CustomerParams,
    body: SubscribeSchema,
    status: 201,
    response: SubscriptionSchema,
  }),
};
