import { z } from 'zod';

export const IdParams = {
  customer: z.object({ customerId: z.string().min(1) }),
  key: z.object({ keyId: z.string().min(1) }),
  token: z.object({ tokenId: z.string().min(1) }),
};

export const CreateApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    /** Product ids the key may call; omitted = every product. */
    products: z.array(z.string().min(1)).min(1).max(100).optional(),
    expiresAt: z.iso.datetime().optional(),
  })
  .strict();

export const CreateAccessTokenSchema = z
  .object({
    role: z.enum(['admin', 'analyst', 'partner']),
    name: z.string().trim().min(1).max(100),
    partnerId: z.string().min(1).optional(),
    expiresAt: z.iso.datetime().optional(),
  })
  .strict();

export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;
export type CreateAccessTokenInput = z.input<typeof CreateAccessTokenSchema>;
