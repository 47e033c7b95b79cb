import { z } from 'zod';
import { CurrencySchema } from '../shared/currency.schemas.ts';

export const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'won', 'lost'] as const;
export const DEAL_SOURCES = [
  'partner',
  'direct',
  'inbound',
  'event',
  'referral',
  'marketplace',
] as const;

export const CreateDealSchema = z
  .object({
    company: z.string().trim().min(1).max(200),
    /** The registering partner (staff only; a partner registers for itself). */
    partnerId: z.string().min(1).nullish(),
    customerId: z.string().min(1).nullish(),
    source: z.enum(DEAL_SOURCES).optional(),
    valueMinor: z.number().int().nonnegative('a deal value cannot be negative').default(0),
    currency: CurrencySchema.default('USD'),
    /** When the lead came in (default now); used by imports of past deals. */
    createdAt: z.iso.datetime().optional(),
  })
  .strict();

export const MoveDealSchema = z
  .object({ stage: z.enum(DEAL_STAGES), at: z.iso.datetime().optional() })
  .strict();

export const DealParams = z.object({ dealId: z.string().min(1) });

export type CreateDealInput = z.input<typeof CreateDealSchema>;
export type MoveDealInput = z.input<typeof MoveDealSchema>;

export const OfferSchema = z.object({ partnerId: z.string().min(1) }).strict();
