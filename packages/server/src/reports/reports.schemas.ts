import { z } from 'zod';
import { CurrencySchema } from '../shared/currency.schemas.ts';

/** The channel KPI report's query. */
export const ReportQuerySchema = z.object({
  /** A month, YYYY-MM (default: the current month). */
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period is a month, YYYY-MM')
    .optional(),
  /** Price of one hour of measured inference time, in minor units (default 3600: 1¢ a second). */
  computeCostPerHourMinor: z.coerce.number().int().nonnegative().default(3600),
  costCurrency: CurrencySchema.default('USD'),
});

export type ReportQuery = z.input<typeof ReportQuerySchema>;
