import { z } from 'zod';

export const PARTNER_TIERS = ['registered', 'silver', 'gold', 'platinum'] as const;
export const CHANNELS = ['reseller', 'referral', 'integrator', 'marketplace'] as const;
export const CUSTOMER_SIZES = ['small', 'medium', 'large', 'enterprise'] as const;

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
    /** Start of the relationship (default: now); commissions use first-year rates for a year. */
    since: z.iso.datetime().optional(),
  })
  .strict();

export const PartnerParams = z.object({ partnerId: z.string().min(1) });
export const CustomerParams = z.object({ customerId: z.string().min(1) });

export type CreatePartnerInput = z.input<typeof CreatePartnerSchema>;
export type UpdatePartnerInput = z.input<typeof UpdatePartnerSchema>;
export type CreateCustomerInput = z.input<typeof CreateCustomerSchema>;
