import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import {
  CommissionRuleSchema,
  CreateCommissionRuleSchema,
  EndCommissionRuleSchema,
  RuleParams,
} from './commission-rules.schemas.ts';

export {
  type CommissionRule,
  CommissionRuleSchema,
  type CreateCommissionRuleInput,
  CreateCommissionRuleSchema,
} from './commission-rules.schemas.ts';

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
export const WholesaleInvoiceParams = z.object({ wholesaleInvoiceId: z.string().min(1) });

export type ClosePeriodInput = z.input<typeof ClosePeriodSchema>;

export const BillingPeriodSchema = z
  .object({
    id: z.string(),
    start: Instant,
    end: Instant,
    status: z.enum(['closed']),
    closedAt: Instant,
    /** Days a commission line of the period stays pending before it is approved. */
    holdingDays: z.number().int(),
  })
  .meta({ id: 'BillingPeriod' });

export const INVOICE_ISSUERS = ['qudao', 'partner'] as const;

export const InvoiceLineSchema = z
  .object({
    /**
     * `wholesale`: a reseller's units at its tier's wholesale price. input_tokens /
     * output_tokens: a language model's tokens, priced per 1,000.
     */
    kind: z.enum([
      'fee',
      'included',
      'tier',
      'overage',
      'wholesale',
      'input_tokens',
      'output_tokens',
    ]),
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
    /** clawback: a negative line for a refund of an invoice whose commission was approved or paid. */
    kind: z.enum(['revenue_share', 'bounty', 'clawback']),
    description: z.string(),
    customerId: z.string().nullable(),
    dealId: z.string().nullable(),
    term: z.enum(['first_year', 'renewal']).nullable(),
    basisMinor: z.number().int(),
    rateBps: z.number().int().nullable(),
    amountMinor: z.number().int(),
    /** The credit note a clawback line takes back; null on other lines. */
    creditNoteId: z.string().nullable(),
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
    /** qudao; or partner: a reseller's retail invoice to its customer, in its name and currency. */
    issuer: z.enum(INVOICE_ISSUERS),
    issuerName: z.string(),
  })
  .meta({ id: 'InvoiceDraft' });

/** What Qudao invoices a reseller: its customers' units at its tier's wholesale prices. */
export const WholesaleInvoiceDraftSchema = z
  .object({
    partnerId: z.string(),
    currency: z.string(),
    totalMinor: z.number().int(),
    lines: z.array(InvoiceLineSchema),
  })
  .meta({ id: 'WholesaleInvoiceDraft' });

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

export const WholesaleInvoiceSchema = WholesaleInvoiceDraftSchema.extend({
  id: z.string(),
  periodId: z.string(),
  createdAt: Instant,
}).meta({ id: 'WholesaleInvoice' });
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
    wholesaleInvoices: z.array(WholesaleInvoiceDraftSchema),
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
    sameWholesaleInvoices: z.boolean(),
    /** Commission statements, their clawback lines included. */
    sameStatements: z.boolean(),
    /** The payout runs made while this was the latest closed period, recomputed. */
    samePayouts: z.boolean(),
  })
  .meta({ id: 'PeriodCheck' });

export type BillingPeriodView = z.infer<typeof BillingPeriodSchema>;
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;
export type CommissionLine = z.infer<typeof CommissionLineSchema>;
export type InvoiceDraft = z.infer<typeof InvoiceDraftSchema>;
export type StatementDraft = z.infer<typeof StatementDraftSchema>;
export type WholesaleInvoiceDraft = z.infer<typeof WholesaleInvoiceDraftSchema>;
export type WholesaleInvoiceView = z.infer<typeof WholesaleInvoiceSchema>;
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
  endRule: route({
    method: 'POST',
    path: '/api/v1/commission-rules/:ruleId/end',
    summary: 'End a commission rule (not inside a closed period); add its successor after',
    access: ACCESS.staff,
    params: RuleParams,
    body: EndCommissionRuleSchema,
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
  listWholesaleInvoices: route({
    method: 'GET',
    path: '/api/v1/wholesale-invoices',
    summary: 'What Qudao invoiced resellers (a reseller sees its own)',
    access: ACCESS.readStaffOrPartner,
    response: z.array(WholesaleInvoiceSchema),
  }),
  getWholesaleInvoice: route({
    method: 'GET',
    path: '/api/v1/wholesale-invoices/:wholesaleInvoiceId',
    summary: 'One wholesale invoice',
    access: ACCESS.readStaffOrPartner,
    params: WholesaleInvoiceParams,
    response: WholesaleInvoiceSchema,
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
