import { z } from 'zod';
import { PARTNER_TIERS } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

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
    /** Paid once per won deal of an approved registration (or an accepted offer). */
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
export type ClosePeriodInput = z.input<typeof ClosePeriodSchema>;

export const CommissionRuleSchema = z
  .object({
    id: z.string(),
    tier: z.enum(PARTNER_TIERS).optional(),
    partnerId: z.string().optional(),
    firstYearBps: z.number().int(),
    renewalBps: z.number().int(),
    bountyMinor: z.number().int(),
    currency: z.string(),
  })
  .meta({ id: 'CommissionRule' });

export const BillingPeriodSchema = z
  .object({
    id: z.string(),
    start: Instant,
    end: Instant,
    status: z.enum(['closed']),
    closedAt: Instant,
  })
  .meta({ id: 'BillingPeriod' });

export const InvoiceLineSchema = z
  .object({
    /** input_tokens / output_tokens: a language model's tokens, priced per 1,000. */
    kind: z.enum(['fee', 'included', 'tier', 'overage', 'input_tokens', 'output_tokens']),
    description: z.string(),
    units: z.number().int(),
    /** Per unit, or per 1,000 units (the plan's `unit`), in minor units. */
    unitPriceMinor: z.number().int(),
    amountMinor: z.number().int(),
    productId: z.string(),
    product: z.string(),
  })
  .meta({ id: 'InvoiceLine' });

export const CommissionLineSchema = z
  .object({
    kind: z.enum(['revenue_share', 'bounty']),
    description: z.string(),
    customerId: z.string().nullable(),
    dealId: z.string().nullable(),
    term: z.enum(['first_year', 'renewal']).nullable(),
    basisMinor: z.number().int(),
    rateBps: z.number().int().nullable(),
    amountMinor: z.number().int(),
  })
  .meta({ id: 'CommissionLine' });

/** An invoice as closing computes it (before it is written with an id). */
export const InvoiceDraftSchema = z
  .object({
    customerId: z.string(),
    partnerId: z.string().nullable(),
    currency: z.string(),
    totalMinor: z.number().int(),
    lines: z.array(InvoiceLineSchema),
  })
  .meta({ id: 'InvoiceDraft' });

export const StatementDraftSchema = z
  .object({
    partnerId: z.string(),
    currency: z.string(),
    totalMinor: z.number().int(),
    lines: z.array(CommissionLineSchema),
  })
  .meta({ id: 'CommissionStatementDraft' });

export const InvoiceSchema = InvoiceDraftSchema.extend({
  id: z.string(),
  periodId: z.string(),
  createdAt: Instant,
}).meta({ id: 'Invoice' });

export const StatementSchema = StatementDraftSchema.extend({
  id: z.string(),
  periodId: z.string(),
  createdAt: Instant,
}).meta({ id: 'CommissionStatement' });

export const ClosedPeriodSchema = z
  .object({
    /** null in shadow mode: nothing was written. */
    periodId: z.string().nullable(),
    start: Instant,
    end: Instant,
    shadow: z.boolean(),
    /** Usage events counted. */
    events: z.number().int(),
    invoices: z.array(InvoiceDraftSchema),
    statements: z.array(StatementDraftSchema),
  })
  .meta({ id: 'ClosedPeriod' });

export const PeriodCheckSchema = z
  .object({
    periodId: z.string(),
    /** The raw events still give exactly what was written. */
    matches: z.boolean(),
    sameEvents: z.boolean(),
    sameInvoices: z.boolean(),
    sameStatements: z.boolean(),
  })
  .meta({ id: 'PeriodCheck' });

export type CommissionRule = z.infer<typeof CommissionRuleSchema>;
export type BillingPeriodView = z.infer<typeof BillingPeriodSchema>;
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;
export type CommissionLine = z.infer<typeof CommissionLineSchema>;
export type InvoiceDraft = z.infer<typeof InvoiceDraftSchema>;
export type StatementDraft = z.infer<typeof StatementDraftSchema>;
export type InvoiceView = z.infer<typeof InvoiceSchema>;
export type StatementView = z.infer<typeof StatementSchema>;
export type ClosedPeriodView = z.infer<typeof ClosedPeriodSchema>;
export type PeriodCheckView = z.infer<typeof PeriodCheckSchema>;

const CSV = 'text/csv';
const periodPath = '/api/v1/billing/periods/:periodId';

export const billingContract = {
  listRules: route({
    method: 'GET',
    path: '/api/v1/commission-rules',
    summary: 'Commission rules (per tier, or per partner overriding its tier)',
    access: ACCESS.staffRead,
    response: z.array(CommissionRuleSchema),
  }),
  createRule: route({
    method: 'POST',
    path: '/api/v1/commission-rules',
    summary: 'Add a commission rule for a tier or for one partner',
    access: ACCESS.staff,
    body: CreateCommissionRuleSchema,
    status: 201,
    response: CommissionRuleSchema,
  }),
  listPeriods: route({
    method: 'GET',
    path: '/api/v1/billing/periods',
    summary: 'Closed billing periods',
    access: ACCESS.staffRead,
    response: z.array(BillingPeriodSchema),
  }),
  closePeriod: route({
    method: 'POST',
    path: '/api/v1/billing/periods',
    summary: 'Close a period into immutable invoices and commission statements',
    description:
      'With `shadow: true` it answers 200 with what closing would write, and writes nothing.',
    access: ACCESS.staff,
    body: ClosePeriodSchema,
    status: 201,
    response: ClosedPeriodSchema,
  }),
  verifyPeriod: route({
    method: 'GET',
    path: `${periodPath}/verify`,
    summary: 'Recompute a closed period from the raw usage events and compare',
    access: ACCESS.staffRead,
    params: PeriodParams,
    response: PeriodCheckSchema,
  }),
  periodInvoicesCsv: route({
    method: 'GET',
    path: `${periodPath}/invoices.csv`,
    summary: "A closed period's invoices as CSV, one row per line",
    access: ACCESS.staffRead,
    params: PeriodParams,
    produces: CSV,
    response: z.string(),
  }),
  periodCommissionsCsv: route({
    method: 'GET',
    path: `${periodPath}/commissions.csv`,
    summary: "A closed period's commission statements as CSV, one row per line",
    access: ACCESS.staffRead,
    params: PeriodParams,
    produces: CSV,
    response: z.string(),
  }),
  listInvoices: route({
    method: 'GET',
    path: '/api/v1/invoices',
    summary: 'Invoices (partners see their customers’, customers their own)',
    access: ACCESS.anyone,
    response: z.array(InvoiceSchema),
  }),
  getInvoice: route({
    method: 'GET',
    path: '/api/v1/invoices/:invoiceId',
    summary: 'One invoice',
    access: ACCESS.anyone,
    params: InvoiceParams,
    response: InvoiceSchema,
  }),
  invoiceCsv: route({
    method: 'GET',
    path: '/api/v1/invoices/:invoiceId/csv',
    summary: 'One invoice as CSV',
    access: ACCESS.anyone,
    params: InvoiceParams,
    produces: CSV,
    response: z.string(),
  }),
  listStatements: route({
    method: 'GET',
    path: '/api/v1/commission-statements',
    summary: 'Commission statements (a partner sees its own)',
    access: ACCESS.readStaffOrPartner,
    response: z.array(StatementSchema),
  }),
  getStatement: route({
    method: 'GET',
    path: '/api/v1/commission-statements/:statementId',
    summary: 'One commission statement',
    access: ACCESS.readStaffOrPartner,
    params: StatementParams,
    response: StatementSchema,
  }),
  statementCsv: route({
    method: 'GET',
    path: '/api/v1/commission-statements/:statementId/csv',
    summary: 'One commission statement as CSV',
    access: ACCESS.readStaffOrPartner,
    params: StatementParams,
    produces: CSV,
    response: z.string(),
  }),
};
