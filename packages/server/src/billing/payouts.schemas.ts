import { z } from 'zod';
import { PartnerParams } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';
import { InvoiceParams } from './billing.schemas.ts';

export const CREDIT_NOTE_KINDS = ['refund', 'credit'] as const;
export const PAYOUT_METHODS = ['bank_transfer', 'paypal', 'other'] as const;
export const PAYOUT_ITEM_STATUSES = ['paid', 'carried_over'] as const;
/** Why an item was carried over to the next run. */
export const CARRY_REASONS = ['below_minimum', 'no_payout_details', 'not_positive'] as const;
export const LINE_STATUSES = ['pending', 'approved', 'paid', 'cancelled'] as const;

export const CreditNoteInputSchema = z
  .object({
    amountMinor: z.number().int().positive('a credit note is a positive amount'),
    kind: z.enum(CREDIT_NOTE_KINDS).default('refund'),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict();

export const BillingSettingsSchema = z
  .object({
    /** Days a commission line stays pending after its period ends; a refund meanwhile cancels it. */
    holdingDays: z.number().int().min(0).max(365),
    /** Smallest payout per currency; a smaller balance is carried over to the next run. */
    minimumPayouts: z.record(CurrencySchema, z.number().int().nonnegative()),
  })
  .strict()
  .meta({ id: 'BillingSettings' });

export const PayoutRunInputSchema = z
  .object({
    /** An off-cycle payout of one partner: refused below the minimum (nothing carried). */
    partnerId: z.string().min(1).optional(),
    /** Report the run without making it. */
    shadow: z.boolean().default(false),
  })
  .strict();

export const PayoutDetailsInputSchema = z
  .object({
    method: z.enum(PAYOUT_METHODS),
    accountHolder: z.string().trim().min(1).max(200),
    /** IBAN, account number or PayPal address: stored encrypted, shown masked. */
    account: z.string().trim().min(4).max(200),
    bank: z.string().trim().max(200).optional(),
    reference: z.string().trim().max(200).optional(),
  })
  .strict();

export const PayoutRunParams = z.object({ runId: z.string().min(1) });

export type CreditNoteInput = z.input<typeof CreditNoteInputSchema>;
export type BillingSettings = z.infer<typeof BillingSettingsSchema>;
export type PayoutRunInput = z.input<typeof PayoutRunInputSchema>;
export type PayoutDetailsInput = z.input<typeof PayoutDetailsInputSchema>;

export const CreditNoteSchema = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    customerId: z.string(),
    partnerId: z.string().nullable(),
    currency: z.string(),
    amountMinor: z.number().int(),
    kind: z.enum(CREDIT_NOTE_KINDS),
    reason: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'CreditNote' });

/** One commission line or clawback of a closed statement, as a payout sees it. */
export const LedgerEntrySchema = z
  .object({
    statementId: z.string(),
    index: z.number().int(),
    amountMinor: z.number().int(),
  })
  .meta({ id: 'LedgerEntryRef' });

export const PayoutItemSchema = z
  .object({
    partnerId: z.string(),
    currency: z.string(),
    status: z.enum(PAYOUT_ITEM_STATUSES),
    amountMinor: z.number().int(),
    reason: z.enum(CARRY_REASONS).nullable(),
    /** The approved lines and clawbacks this item settles (paid) or carries (carried_over). */
    entries: z.array(LedgerEntrySchema),
  })
  .meta({ id: 'PayoutItem' });

export const PayoutRunSchema = z
  .object({
    /** null in shadow mode: nothing was written. */
    id: z.string().nullable(),
    periodId: z.string(),
    partnerId: z.string().nullable(),
    at: Instant,
    shadow: z.boolean(),
    minimumPayouts: z.record(z.string(), z.number().int()),
    items: z.array(PayoutItemSchema),
  })
  .meta({ id: 'PayoutRun' });

export const EarningsLineSchema = z.object({
  periodId: z.string(),
  statementId: z.string(),
  index: z.number().int(),
  kind: z.enum(['revenue_share', 'bounty', 'clawback']),
  description: z.string(),
  customerId: z.string().nullable(),
  amountMinor: z.number().int(),
  /** After cancellations by refunds during the holding period. */
  payableMinor: z.number().int(),
  status: z.enum(LINE_STATUSES),
  holdUntil: Instant,
  paidInRun: z.string().nullable(),
});

export const EarningsSchema = z
  .object({
    partnerId: z.string(),
    at: Instant,
    totals: z.array(
      z.object({
        currency: z.string(),
        /** Every commission line and bounty earned. */
        earnedMinor: z.number().int(),
        /** Taken back by refunds during the holding period (never payable). */
        cancelledMinor: z.number().int(),
        pendingMinor: z.number().int(),
        /** Approved, not paid yet. */
        approvedMinor: z.number().int(),
        paidMinor: z.number().int(),
        /** Taken back by refunds after approval (negative lines on later statements), as a positive sum. */
        clawedBackMinor: z.number().int(),
        /** What the next payout run would pay (approved and clawbacks not yet settled). */
        balanceMinor: z.number().int(),
      }),
    ),
    lines: z.array(EarningsLineSchema),
  })
  .meta({ id: 'PartnerEarnings' });

export const PayoutDetailsSchema = z
  .object({
    partnerId: z.string(),
    method: z.enum(PAYOUT_METHODS),
    /** The account's last four characters: the details themselves stay encrypted. */
    masked: z.string(),
    updatedAt: Instant,
  })
  .meta({ id: 'PayoutDetails' });

export type CreditNoteView = z.infer<typeof CreditNoteSchema>;
export type PayoutItemView = z.infer<typeof PayoutItemSchema>;
export type PayoutRunView = z.infer<typeof PayoutRunSchema>;
export type EarningsView = z.infer<typeof EarningsSchema>;
export type PayoutDetailsView = z.infer<typeof PayoutDetailsSchema>;

export const payoutsContract = {
  createCreditNote: route({
    method: 'POST',
    path: '/api/v1/invoices/:invoiceId/credit-notes',
    summary: "Refund or credit part of a customer invoice (claws back the partner's commission)",
    access: ACCESS.staff,
    params: InvoiceParams,
    body: CreditNoteInputSchema,
    status: 201,
    response: CreditNoteSchema,
  }),
  listCreditNotes: route({
    method: 'GET',
    path: '/api/v1/credit-notes',
    summary: "Credit notes (partners see their customers', customers their own)",
    access: ACCESS.anyone,
    response: z.array(CreditNoteSchema),
  }),
  getSettings: route({
    method: 'GET',
    path: '/api/v1/billing/settings',
    summary: 'The holding period and the minimum payout per currency',
    access: ACCESS.staffRead,
    response: BillingSettingsSchema,
  }),
  setSettings: route({
    method: 'PUT',
    path: '/api/v1/billing/settings',
    summary: 'Set the holding period (from the next close) and the minimum payouts',
    access: ACCESS.staff,
    body: BillingSettingsSchema,
    response: BillingSettingsSchema,
  }),
  listRuns: route({
    method: 'GET',
    path: '/api/v1/payouts/runs',
    summary: 'Payout runs',
    access: ACCESS.staffRead,
    response: z.array(PayoutRunSchema),
  }),
  createRun: route({
    method: 'POST',
    path: '/api/v1/payouts/runs',
    summary: 'Pay every approved balance at or above the minimum; carry smaller ones over',
    description:
      'With `shadow: true` it answers 200 with the run it would make, and writes nothing.',
    access: ACCESS.staff,
    body: PayoutRunInputSchema,
    status: 201,
    response: PayoutRunSchema,
  }),
  runCsv: route({
    method: 'GET',
    path: '/api/v1/payouts/runs/:runId/csv',
    summary: "A run's payout file: one row per item, with the decrypted payout details",
    access: ACCESS.staff,
    params: PayoutRunParams,
    produces: 'text/csv',
    response: z.string(),
  }),
  earnings: route({
    method: 'GET',
    path: '/api/v1/partners/:partnerId/earnings',
    summary: "A partner's statement of earned, pending, approved, paid and clawed-back commission",
    access: ACCESS.readStaffOrPartner,
    params: PartnerParams,
    response: EarningsSchema,
  }),
  getPayoutDetails: route({
    method: 'GET',
    path: '/api/v1/partners/:partnerId/payout-details',
    summary: "A partner's payout method, masked",
    access: ACCESS.readStaffOrPartner,
    params: PartnerParams,
    response: PayoutDetailsSchema,
  }),
  setPayoutDetails: route({
    method: 'PUT',
    path: '/api/v1/partners/:partnerId/payout-details',
    summary: "Set a partner's payout details (encrypted at rest; its manager or finance user)",
    access: ACCESS.staffOrPartner,
    params: PartnerParams,
    body: PayoutDetailsInputSchema,
    response: PayoutDetailsSchema,
  }),
};
