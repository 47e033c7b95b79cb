import { z } from 'zod';
import { CustomerParams } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

/** The roles an access token can carry (the owner has the workspace token, customers keys). */
export const ACCESS_TOKEN_ROLES = ['admin', 'analyst', 'partner'] as const;
export const CREDENTIAL_STATUSES = ['active', 'revoked'] as const;

export const KeyParams = z.object({ keyId: z.string().min(1) });
export const TokenParams = z.object({ tokenId: z.string().min(1) });

export const CreateApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    /** Product ids the key may call; omitted = every product. */
    products: z.array(z.string().min(1)).min(1).max(100).optional(),
    expiresAt: z.iso.datetime().optional(),
    /**
     * A referral code the customer came with: a direct customer within the attribution window
     * becomes the code's partner's from now on (its later invoices earn that partner's commission).
     */
    referralCode: z.string().trim().min(4).max(40).optional(),
    /**
     * Money the key may spend a month on language-model calls, in the minor units of the plans
     * it calls (staff and partners only). A key made by a key shares its maker's budget.
     */
    budgetMinor: z.number().int().nonnegative().max(1_000_000_000_000).optional(),
  })
  .strict();

export const CreateAccessTokenSchema = z
  .object({
    role: z.enum(ACCESS_TOKEN_ROLES),
    name: z.string().trim().min(1).max(100),
    partnerId: z.string().min(1).optional(),
    expiresAt: z.iso.datetime().optional(),
  })
  .strict();

export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;
export type CreateAccessTokenInput = z.input<typeof CreateAccessTokenSchema>;

export const ApiKeySchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    name: z.string().nullable(),
    /** The 12 characters after `qd_` that identify the key (the secret is never shown again). */
    prefix: z.string(),
    status: z.enum(CREDENTIAL_STATUSES),
    /** Product ids the key may call; null = every product. */
    products: z.array(z.string()).nullable(),
    expiresAt: Instant.nullable(),
    /** Its monthly money budget (minor units), shared with the keys rotated from or made by it. */
    budgetMinor: z.number().int().nullable(),
    createdAt: Instant,
    revokedAt: Instant.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const CreatedApiKeySchema = ApiKeySchema.extend({
  /** The secret, shown once: only its hash is stored. */
  key: z.string(),
}).meta({ id: 'CreatedApiKey' });

export const RotatedApiKeySchema = CreatedApiKeySchema.extend({
  /** The key this one replaces (now revoked). */
  rotatedFrom: z.string(),
}).meta({ id: 'RotatedApiKey' });

export const AccessTokenSchema = z
  .object({
    id: z.string(),
    role: z.enum(ACCESS_TOKEN_ROLES),
    /** The partner a partner token acts for; null for staff tokens. */
    partnerId: z.string().nullable(),
    name: z.string(),
    prefix: z.string(),
    status: z.enum(CREDENTIAL_STATUSES),
    expiresAt: Instant.nullable(),
    createdAt: Instant,
    revokedAt: Instant.nullable(),
  })
  .meta({ id: 'AccessToken' });

export const CreatedAccessTokenSchema = AccessTokenSchema.extend({
  /** The secret, shown once: only its hash is stored. */
  token: z.string(),
}).meta({ id: 'CreatedAccessToken' });

/** Who the credentials of a call belong to. */
export const PrincipalSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('owner') }),
    z.object({ kind: z.literal('admin'), tokenId: z.string() }),
    z.object({ kind: z.literal('analyst'), tokenId: z.string() }),
    z.object({ kind: z.literal('partner'), partnerId: z.string(), tokenId: z.string() }),
    z.object({
      kind: z.literal('customer'),
      customerId: z.string(),
      partnerId: z.string().nullable(),
      apiKeyId: z.string(),
      /** Product ids the key may call; null = every product. */
      products: z.array(z.string()).nullable(),
    }),
  ])
  .meta({ id: 'Principal' });

export type ApiKeyView = z.infer<typeof ApiKeySchema>;
export type CreatedApiKeyView = z.infer<typeof CreatedApiKeySchema>;
export type RotatedApiKeyView = z.infer<typeof RotatedApiKeySchema>;
export type AccessTokenView = z.infer<typeof AccessTokenSchema>;
export type CreatedAccessTokenView = z.infer<typeof CreatedAccessTokenSchema>;
export type PrincipalView = z.infer<typeof PrincipalSchema>;

const customerKeysPath = '/api/v1/customers/:customerId/keys';

export const authContract = {
  me: route({
    method: 'GET',
    path: '/api/v1/me',
    summary: 'Who these credentials belong to',
    access: ACCESS.anyone,
    response: PrincipalSchema,
  }),
  createKey: route({
    method: 'POST',
    path: customerKeysPath,
    summary: "Issue a customer's API key, optionally scoped to products and with an expiry",
    description: 'The secret is in the reply once. Partners issue keys for their own customers.',
    access: ACCESS.anyoneWriting,
    params: CustomerParams,
    body: CreateApiKeySchema,
    status: 201,
    response: CreatedApiKeySchema,
  }),
  listKeys: route({
    method: 'GET',
    path: customerKeysPath,
    summary: "A customer's API keys (without their secrets)",
    access: ACCESS.anyone,
    params: CustomerParams,
    response: z.array(ApiKeySchema),
  }),
  revokeKey: route({
    method: 'POST',
    path: '/api/v1/keys/:keyId/revoke',
    summary: 'Revoke an API key (calls with it answer 401 auth.key_revoked)',
    access: ACCESS.anyoneWriting,
    params: KeyParams,
    response: ApiKeySchema,
  }),
  rotateKey: route({
    method: 'POST',
    path: '/api/v1/keys/:keyId/rotate',
    summary: 'Replace an API key by a new one with the same name, scope and expiry',
    access: ACCESS.anyoneWriting,
    params: KeyParams,
    status: 201,
    response: RotatedApiKeySchema,
  }),
  listTokens: route({
    method: 'GET',
    path: '/api/v1/access-tokens',
    summary: 'Staff and partner access tokens (without their secrets)',
    // Analysts read everything (docs/channels.md, roles); the list holds no secrets.
    access: ACCESS.staffRead,
    response: z.array(AccessTokenSchema),
  }),
  createToken: route({
    method: 'POST',
    path: '/api/v1/access-tokens',
    summary: 'Create an admin, analyst or partner access token (admin tokens: owner only)',
    description: 'The secret is in the reply once.',
    access: ACCESS.staff,
    body: CreateAccessTokenSchema,
    status: 201,
    response: CreatedAccessTokenSchema,
  }),
  revokeToken: route({
    method: 'POST',
    path: '/api/v1/access-tokens/:tokenId/revoke',
    summary: 'Revoke an access token (admin tokens: owner only)',
    access: ACCESS.staff,
    params: TokenParams,
    response: AccessTokenSchema,
  }),
};
