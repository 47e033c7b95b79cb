import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

export const PARTNER_TIERS = ['registered', 'silver', 'gold', 'platinum'] as const;
export const CHANNELS = ['reseller', 'referral', 'integrator', 'marketplace'] as const;
export const CUSTOMER_SIZES = ['small', 'medium', 'large', 'enterprise'] as const;
/**
 * How money flows: `referral` (agency: Qudao invoices the partner's customers and pays the
 * partner a commission) or `wholesale` (reseller: Qudao invoices the partner at its tier's
 * wholesale prices; the partner's customers get invoices in the partner's name and currency).
 */
export const PARTNER_MODELS = ['referral', 'wholesale'] as const;

const label = z.string().trim().min(1).max(100);

export const CreatePartnerSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    tier: z.enum(PARTNER_TIERS).default('registered'),
    /** How the partner sells: reseller, referral partner, integrator or marketplace. */
    channel: z.enum(CHANNELS).default('reseller'),
    /** The primary region; added to `regions`. */
    region: label.nullish(),
    regions: z.array(label).max(50).default([]),
    industries: z.array(label).max(50).default([]),
    /** referral (Qudao invoices its customers) or wholesale (it resells); fixed once set. */
    model: z.enum(PARTNER_MODELS).default('referral'),
    /** The partner's currency: a reseller's retail plans and invoices are in it. */
    currency: CurrencySchema.default('USD'),
  })
  .strict();

export const UpdatePartnerSchema = z
  .object({
    tier: z.enum(PARTNER_TIERS).optional(),
    regions: z.array(label).max(50).optional(),
    industries: z.array(label).max(50).optional(),
  })
  .strict();

export const CreateCustomerSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The partner that sold to this customer; absent or null for direct sales. */
    partnerId: z.string().min(1).nullish(),
    region: label.nullish(),
    industry: label.nullish(),
    size: z.enum(CUSTOMER_SIZES).nullish(),
    /**
     * Start of the relationship (default: the server's clock); commissions use first-year rates
     * for a year. Staff only (imports of history), never in the future.
     */
    since: z.iso.datetime().optional(),
    /**
     * A sign-up through a referral: the code the customer came with and/or the visitor id its
     * referral link touches were recorded under; the owner's window and first/last-touch rule
     * pick the partner (staff only; leave `partnerId` out).
     */
    referral: z
      .object({
        code: z.string().trim().min(1).max(40).optional(),
        visitor: z.string().trim().min(8).max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const PartnerParams = z.object({ partnerId: z.string().min(1) });
export const CustomerParams = z.object({ customerId: z.string().min(1) });

export type CreatePartnerInput = z.input<typeof CreatePartnerSchema>;
export type UpdatePartnerInput = z.input<typeof UpdatePartnerSchema>;
export type CreateCustomerInput = z.input<typeof CreateCustomerSchema>;

export const PartnerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    tier: z.enum(PARTNER_TIERS),
    channel: z.enum(CHANNELS),
    /** The primary region: the first of `regions`. */
    region: z.string().nullable(),
    regions: z.array(z.string()),
    industries: z.array(z.string()),
    model: z.enum(PARTNER_MODELS),
    currency: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'Partner' });

export const CustomerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The partner that sold to this customer; null for direct sales. */
    partnerId: z.string().nullable(),
    partnerName: z.string().nullable(),
    region: z.string().nullable(),
    industry: z.string().nullable(),
    size: z.enum(CUSTOMER_SIZES).nullable(),
    /** Start of the relationship; commissions use first-year rates for a year from it. */
    since: Instant,
    /** When a direct customer was attributed to its partner later; null: from the start. */
    attributedAt: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'Customer' });

export type PartnerView = z.infer<typeof PartnerSchema>;
export type CustomerView = z.infer<typeof CustomerSchema>;

const partnerPath = '/api/v1/partners/:partnerId';

export const channelsContract = {
  listPartners: route({
    method: 'GET',
    path: '/api/v1/partners',
    summary: 'List partners (a partner sees itself)',
    access: ACCESS.readStaffOrPartner,
    response: z.array(PartnerSchema),
  }),
  createPartner: route({
    method: 'POST',
    path: '/api/v1/partners',
    summary: 'Recruit a partner',
    access: ACCESS.staff,
    body: CreatePartnerSchema,
    status: 201,
    response: PartnerSchema,
  }),
  getPartner: route({
    method: 'GET',
    path: partnerPath,
    summary: 'One partner (a partner reads only its own record)',
    access: ACCESS.readStaffOrPartner,
    params: PartnerParams,
    response: PartnerSchema,
  }),
  updatePartner: route({
    method: 'PATCH',
    path: partnerPath,
    summary: "Change a partner's tier, regions or industries",
    access: ACCESS.staff,
    params: PartnerParams,
    body: UpdatePartnerSchema,
    response: PartnerSchema,
  }),
  listCustomers: route({
    method: 'GET',
    path: '/api/v1/customers',
    summary: 'List customers (a partner sees its own)',
    access: ACCESS.readStaffOrPartner,
    response: z.array(CustomerSchema),
  }),
  createCustomer: route({
    method: 'POST',
    path: '/api/v1/customers',
    summary: 'Add a customer, direct or through a partner (a partner adds its own)',
    access: ACCESS.staffOrPartner,
    body: CreateCustomerSchema,
    status: 201,
    response: CustomerSchema,
  }),
  getCustomer: route({
    method: 'GET',
    path: '/api/v1/customers/:customerId',
    summary: "One customer (a partner reads its own customers', a customer its own record)",
    access: ACCESS.anyone,
    params: CustomerParams,
    response: CustomerSchema,
  }),
};
