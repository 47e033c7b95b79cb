import { z } from 'zod';
import { CurrencySchema } from '../shared/currency.schemas.ts';

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
    unit: z.enum(['call', 'thousand_units']).default('call'),
    monthlyFeeMinor: minor.default(0),
    includedUnits: z.number().int().nonnegative().default(0),
    tierMode: z.enum(['graduated', 'volume']).default('graduated'),
    tiers: z
      .array(TierSchema)
      .min(1)
      .max(20)
      .default([{ upTo: null, priceMinor: 0 }]),
    /** Units per monthly period; beyond it calls are refused (429) unless overage is priced. */
    quotaUnits: z.number().int().positive().nullable().default(null),
    overagePriceMinor: minor.nullable().default(null),
    /** Token bucket per API key: refill rate and bucket size. */
    ratePerSecond: z.number().positive().max(100_000).default(50),
    burst: z.number().int().positive().max(1_000_000).default(100),
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
  .object({ productId: z.string().min(1), startedAt: z.iso.datetime().optional() })
  .strict();

export type CreatePlanInput = z.input<typeof CreatePlanSchema>;
export type Plan = z.output<typeof CreatePlanSchema> & { id: string; createdAt: string };
export type CreateProductInput = z.input<typeof CreateProductSchema>;
export type SubscribeInput = z.input<typeof SubscribeSchema>;
