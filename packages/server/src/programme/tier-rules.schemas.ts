import { z } from 'zod';
import { PARTNER_TIERS, PartnerParams } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

const count = z.number().int().nonnegative();

/** What a partner needs to hold a tier; every field is a minimum. */
export const TierRequirementSchema = z
  .object({
    /** Revenue of its customers (a reseller's: its wholesale invoices) in the last `revenueMonths`. */
    revenueMinor: count.default(0),
    /** Customers with a positive invoice in the period being closed. */
    activeCustomers: count.default(0),
    /** Its active users certified by the owner. */
    certifiedUsers: count.default(0),
    /** Won deals over won and lost ones closed in the last `revenueMonths` (1% = 100). */
    winRateBps: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();

export const TierRulesSchema = z
  .object({
    /** Revenue is counted in this currency (other currencies with the owner's rates). */
    currency: CurrencySchema,
    revenueMonths: z.number().int().min(1).max(36).default(12),
    /** Closes in a row a partner may stay below its tier before it is demoted. */
    gracePeriods: z.number().int().min(0).max(12).default(1),
    requirements: z
      .object({
        silver: TierRequirementSchema,
        gold: TierRequirementSchema,
        platinum: TierRequirementSchema,
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'TierRules' });

export type TierRulesInput = z.input<typeof TierRulesSchema>;
export type TierRules = z.infer<typeof TierRulesSchema>;

export const TierMetricsSchema = z
  .object({
    revenueMinor: z.number().int(),
    activeCustomers: z.number().int(),
    certifiedUsers: z.number().int(),
    winRateBps: z.number().int(),
  })
  .meta({ id: 'TierMetrics' });

export const TIER_ACTIONS = ['kept', 'promoted', 'grace', 'demoted'] as const;

export const TierReviewSchema = z
  .object({
    id: z.string(),
    periodId: z.string(),
    partnerId: z.string(),
    tierBefore: z.enum(PARTNER_TIERS),
    tierAfter: z.enum(PARTNER_TIERS),
    /** The highest tier whose requirements the metrics met. */
    qualifiedTier: z.enum(PARTNER_TIERS),
    action: z.enum(TIER_ACTIONS),
    /** End of the first period of the current run below the tier (grace and demotion). */
    belowSince: Instant.nullable(),
    metrics: TierMetricsSchema,
    at: Instant,
  })
  .meta({ id: 'TierReview' });

export const TierProgressSchema = z
  .object({
    partnerId: z.string(),
    tier: z.enum(PARTNER_TIERS),
    /** null at the top tier. */
    nextTier: z.enum(PARTNER_TIERS).nullable(),
    /** As of the end of the last closed period (null: none closed yet). */
    asOf: Instant.nullable(),
    metrics: TierMetricsSchema,
    /** The next tier's requirements, and what is still missing of each. */
    requirements: TierMetricsSchema.nullable(),
    missing: TierMetricsSchema.nullable(),
    /** Closes below the current tier so far, and how many the grace period allows. */
    graceUsed: z.number().int(),
    gracePeriods: z.number().int(),
  })
  .meta({ id: 'TierProgress' });

export type TierMetrics = z.infer<typeof TierMetricsSchema>;
export type TierReviewView = z.infer<typeof TierReviewSchema>;
export type TierProgressView = z.infer<typeof TierProgressSchema>;

export const tierRulesContract = {
  getRules: route({
    method: 'GET',
    path: '/api/v1/programme/tier-rules',
    summary: 'The requirements per tier and the grace period before a demotion',
    access: ACCESS.staffRead,
    response: TierRulesSchema.nullable(),
  }),
  setRules: route({
    method: 'PUT',
    path: '/api/v1/programme/tier-rules',
    summary: 'Set the tier requirements (applied at each period close from the next one)',
    access: ACCESS.staff,
    body: TierRulesSchema,
    response: TierRulesSchema,
  }),
  listReviews: route({
    method: 'GET',
    path: '/api/v1/programme/tier-reviews',
    summary: 'Every tier review made at a period close',
    access: ACCESS.staffRead,
    response: z.array(TierReviewSchema),
  }),
  progress: route({
    method: 'GET',
    path: '/api/v1/partners/:partnerId/tier-progress',
    summary: "A partner's progress to its next tier (the partner's own)",
    access: ACCESS.readStaffOrPartner,
    params: PartnerParams,
    response: TierProgressSchema,
  }),
};
