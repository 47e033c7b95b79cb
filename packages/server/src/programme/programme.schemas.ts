import { z } from 'zod';
import { CurrencySchema } from '../shared/currency.schemas.ts';

export const PromotionSchema = z
  .object({
    /** Paying customers (invoice > 0 in the period) needed for each tier. */
    thresholds: z
      .object({
        silver: z.number().int().positive(),
        gold: z.number().int().positive(),
        platinum: z.number().int().positive(),
      })
      .default({ silver: 3, gold: 5, platinum: 10 }),
    /** The closed period counted (default: the latest). */
    periodId: z.string().min(1).optional(),
    /** Report the promotions without applying them. */
    shadow: z.boolean().default(false),
  })
  .strict();

export const MdfRequestSchema = z
  .object({
    partnerId: z.string().min(1).optional(),
    purpose: z.string().trim().min(1).max(500),
    amountMinor: z.number().int().positive('an MDF amount is a positive integer of minor units'),
    currency: CurrencySchema.default('USD'),
  })
  .strict();

export const MdfClaimSchema = z
  .object({
    spentMinor: z.number().int().nonnegative(),
    /** Where the proof is: an invoice number, a URL. */
    proof: z.string().trim().min(1).max(1000),
  })
  .strict();

export const ShadowSchema = z.object({ shadow: z.boolean().default(false) }).strict();
export const MdfParams = z.object({ mdfId: z.string().min(1) });

export type PromotionInput = z.input<typeof PromotionSchema>;
export type MdfRequestInput = z.input<typeof MdfRequestSchema>;
export type MdfClaimInput = z.input<typeof MdfClaimSchema>;
