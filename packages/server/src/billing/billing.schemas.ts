import { z } from 'zod';
import { PARTNER_TIERS } from '../channels/channels.schemas.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';

const bps = z
  .number()
  .int('rates are integer basis points (1% = 100)')
  .min(0, 'a rate cannot be negative')
  .max(10_000, 'a rate cannot exceed 100% (10000 bps)');

export const CreateCommissionRuleSchema = z
  .object({
    /** Applies to every partner of this tier … */
    tier: z.enum(PARTNER_TIERS).optional(),
    /** … or to one partner (overrides its tier's rule). */
    partnerId: z.string().min(1).optional(),
    /** Share of the customer's invoice in the first year from the customer's start. */
    firstYearBps: bps,
    /** Share after the first year (renewals). */
    renewalBps: bps,
    /** Paid once per deal won in the period. */
    bountyMinor: z.number().int().nonnegative('a bounty cannot be negative').default(0),
    currency: CurrencySchema.default('USD'),
  })
  .strict();

export const ClosePeriodSchema = z
  .object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
    /** Compute and report what closing would write, and write nothing. */
    shadow: z.boolean().default(false),
  })
  .strict();

export const PeriodParams = z.object({ periodId: z.string().min(1) });
export const InvoiceParams = z.object({ invoiceId: z.string().min(1) });
export const StatementParams = z.object({ statementId: z.string().min(1) });

export type CreateCommissionRuleInput = z.input<typeof CreateCommissionRuleSchema>;
export type CommissionRule = z.output<typeof CreateCommissionRuleSchema> & { id: string };
export type ClosePeriodInput = z.input<typeof ClosePeriodSchema>;
