import { z } from 'zod';

export const CreatePartnerSchema = z.object({
  name: z.string().trim().min(1).max(200),
  tier: z.enum(['registered', 'silver', 'gold', 'platinum']).default('registered'),
  region: z.string().trim().min(1).max(100).nullish(),
});

export const CreateCustomerSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** The partner that sold to this customer; absent or null for direct sales. */
  partnerId: z.string().min(1).nullish(),
});

export type CreatePartnerInput = z.input<typeof CreatePartnerSchema>;
export type CreateCustomerInput = z.input<typeof CreateCustomerSchema>;
