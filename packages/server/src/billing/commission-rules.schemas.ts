import { z } from 'zod';
import { PARTNER_TIERS } from '../channels/channels.schemas.ts';
import { Instant } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';

const bps = z
  .number()
  .int('rates are integer basis points (1% = 100)')
  .min(0, 'a rate cannot be negative')
  .max(10_000, 'a rate cannot exceed 100% (10000 bps)');

/** percent: a share of the invoice; flat: a fixed amount per invoice (or once). */
export const RULE_BASES = ['percent', 'flat'] as const;
/** recurring: every invoice (for at most `maxMonths` from attribution); one_time: the first. */
export const RULE_RECURRENCES = ['recurring', 'one_time'] as const;

export const CreateCommissionRuleSchema = z
  .object({
    /** Applies to every partner of this tier … */
    tier: z.enum(PARTNER_TIERS).optional(),
    /** … or to one partner (overrides its tier's rule). */
    partnerId: z.string().min(1).optional(),
    /** Only the invoice lines of this product (a rule without a product covers the rest). */
    productId: z.string().min(1).optional(),
    basis: z.enum(RULE_BASES).default('percent'),
    /** percent: the share every month (sets first-year and renewal alike) … */
    rateBps: bps.optional(),
    /** … or the share in the first year from the customer's start … */
    firstYearBps: bps.optional(),
    /** … and after it (renewals). */
    renewalBps: bps.optional(),
    /** flat: the amount per invoice (recurring) or once (one_time), in `currency`. */
    flatMinor: z.number().int().positive('a flat commission is a positive amount').optional(),
    recurrence: z.enum(RULE_RECURRENCES).default('recurring'),
    /** recurring: months from the customer's attribution (its month counts as the first). */
    maxMonths: z.number().int().min(1).max(600).optional(),
    /** Paid once per won deal of an approved registration (or an accepted offer). */
    bountyMinor: z.number().int().nonnegative('a bounty cannot be negative').default(0),
    currency: CurrencySchema.default('USD'),
    /**
     * In force from (default: the end of the last closed period, or always when none is closed)
     * until `effectiveTo` (exclusive). A rule applies to a period when it is in force at the
     * period's end; two rules for the same tier or partner and product may not overlap.
     */
    effectiveFrom: z.iso.datetime().optional(),
    effectiveTo: z.iso.datetime().optional(),
  })
  .strict();

export const EndCommissionRuleSchema = z
  .object({ /** The rule stops being in force at this instant. */ effectiveTo: z.iso.datetime() })
  .strict();

export const RuleParams = z.object({ ruleId: z.string().min(1) });

export type CreateCommissionRuleInput = z.input<typeof CreateCommissionRuleSchema>;

export const CommissionRuleSchema = z
  .object({
    id: z.string(),
    tier: z.enum(PARTNER_TIERS).optional(),
    partnerId: z.string().optional(),
    productId: z.string().nullable(),
    basis: z.enum(RULE_BASES),
    firstYearBps: z.number().int(),
    renewalBps: z.number().int(),
    flatMinor: z.number().int(),
    recurrence: z.enum(RULE_RECURRENCES),
    maxMonths: z.number().int().nullable(),
    bountyMinor: z.number().int(),
    currency: z.string(),
    effectiveFrom: Instant.nullable(),
    effectiveTo: Instant.nullable(),
  })
  .meta({ id: 'CommissionRule' });

export type CommissionRule = z.infer<typeof CommissionRuleSchema>;
