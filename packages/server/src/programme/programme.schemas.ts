import { z } from 'zod';
import { PARTNER_TIERS } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

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

export const MDF_STATUSES = ['requested', 'approved', 'rejected', 'claimed', 'reimbursed'] as const;

export const MdfSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    purpose: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    status: z.enum(MDF_STATUSES),
    spentMinor: z.number().int().nullable(),
    proof: z.string().nullable(),
    createdAt: Instant,
    reimbursedAt: Instant.nullable(),
  })
  .meta({ id: 'MdfRequest' });

export const PromotionsSchema = z
  .object({
    /** The closed period whose paying customers were counted. */
    periodId: z.string(),
    shadow: z.boolean(),
    changes: z.array(
      z.object({
        partnerId: z.string(),
        name: z.string(),
        from: z.enum(PARTNER_TIERS),
        to: z.enum(PARTNER_TIERS),
        payingCustomers: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Promotions' });

export const ReimbursementSchema = z
  .object({
    shadow: z.boolean(),
    /** What is paid to the partner: the claimed spend. */
    payMinor: z.number().int(),
    currency: z.string(),
    mdf: MdfSchema,
  })
  .meta({ id: 'MdfReimbursement' });

export type MdfView = z.infer<typeof MdfSchema>;
export type PromotionsView = z.infer<typeof PromotionsSchema>;
export type ReimbursementView = z.infer<typeof ReimbursementSchema>;

const mdfPath = '/api/v1/mdf/:mdfId';

export const programmeContract = {
  promote: route({
    method: 'POST',
    path: '/api/v1/programme/promotions',
    summary: 'Promote partners by paying customers in a closed period (never demotes)',
    access: ACCESS.staff,
    body: PromotionSchema,
    response: PromotionsSchema,
  }),
  listMdf: route({
    method: 'GET',
    path: '/api/v1/mdf',
    summary: 'Marketing development fund requests (a partner sees its own)',
    access: ACCESS.readStaffOrPartner,
    response: z.array(MdfSchema),
  }),
  requestMdf: route({
    method: 'POST',
    path: '/api/v1/mdf',
    summary: 'Request marketing development funds',
    access: ACCESS.staffOrPartner,
    body: MdfRequestSchema,
    status: 201,
    response: MdfSchema,
  }),
  approveMdf: route({
    method: 'POST',
    path: `${mdfPath}/approve`,
    summary: 'Approve a requested fund',
    access: ACCESS.staff,
    params: MdfParams,
    response: MdfSchema,
  }),
  rejectMdf: route({
    method: 'POST',
    path: `${mdfPath}/reject`,
    summary: 'Reject a requested fund',
    access: ACCESS.staff,
    params: MdfParams,
    response: MdfSchema,
  }),
  claimMdf: route({
    method: 'POST',
    path: `${mdfPath}/claim`,
    summary: 'Claim an approved fund with proof of the spend',
    access: ACCESS.staffOrPartner,
    params: MdfParams,
    body: MdfClaimSchema,
    response: MdfSchema,
  }),
  reimburseMdf: route({
    method: 'POST',
    path: `${mdfPath}/reimburse`,
    summary: 'Pay a claimed fund (shadow: report the payment, write nothing)',
    access: ACCESS.staff,
    params: MdfParams,
    body: ShadowSchema,
    response: ReimbursementSchema,
  }),
};
