import { z } from 'zod';
import { CurrencySchema } from '../shared/currency.schemas.ts';

export const MarketCellSchema = z
  .object({
    region: z.string().trim().min(1).max(100),
    industry: z.string().trim().min(1).max(100),
    /** Estimated yearly demand in the cell, minor units. */
    demandMinor: z.number().int().nonnegative('demand cannot be negative'),
    currency: CurrencySchema.default('USD'),
  })
  .strict();

/** KPI targets the report compares with (shares are 0..1). */
export const TargetsSchema = z
  .object({
    coverage: z.number().min(0).max(1),
    partnerSourcedShare: z.number().min(0).max(1),
    winRate: z.number().min(0).max(1),
    csat: z.number().min(1).max(5),
    nps: z.number().min(-100).max(100),
    complaintRate: z.number().min(0),
    marginShare: z.number().min(-1).max(1),
  })
  .partial()
  .strict();

export const StrategySchema = z
  .object({ mode: z.enum(['multi-channel', 'partner-led']), targets: TargetsSchema.default({}) })
  .strict();

export type MarketCellInput = z.input<typeof MarketCellSchema>;
export type StrategyInput = z.input<typeof StrategySchema>;
export type Targets = z.output<typeof TargetsSchema>;
