import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { CurrencySchema } from '../shared/currency.schemas.ts';
import { ACCESS } from '../shared/roles.ts';

/** A provider's name: what the owner calls it (`openai`, `backup-qudao`). */
export const ProviderNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1-63 lowercase letters, digits or dashes');

/**
 * A model name the gateway sells (the `model` a caller sends) or a provider's own model name:
 * OpenAI-style names such as `gpt-4o-mini` or `meta-llama/Llama-3.1-8B`.
 */
export const UpstreamModelNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/,
    'use 1-128 letters, digits, dots, dashes, colons, slashes or underscores',
  );

/** The URL, or null when it does not parse (zod runs refinements after a failed format check). */
function parsedUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * The provider's OpenAI-compatible base URL (the part before `/chat/completions`), http or
 * https, without credentials, query or fragment: the secret goes in `apiKey`, sealed.
 */
export const BaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'baseUrl must be an http:// or https:// URL' })
  .max(2000)
  .refine((u) => {
    const url = parsedUrl(u);
    return !url || (!url.username && !url.password);
  }, 'put no credentials in baseUrl: give the secret as apiKey, which is stored encrypted')
  .refine((u) => {
    const url = parsedUrl(u);
    return !url || (!url.search && !url.hash);
  }, 'baseUrl takes no query or fragment')
  .transform((u) => u.replace(/\/+$/, ''));

const Cost = z.number().int().min(0).max(1_000_000_000);

/** One entry of a provider's model map: a model Qudao sells, routed to this provider. */
export const ProviderModelInputSchema = z
  .object({
    /** The name Qudao sells (the caller's `model`; a product sells it like an endpoint). */
    model: UpstreamModelNameSchema,
    /** The provider's own name of the model (default: the same as `model`). */
    upstreamModel: UpstreamModelNameSchema.optional(),
    /** Where this provider stands in the model's fallback order: lower first (default 0). */
    priority: z.number().int().min(0).max(1000).default(0),
    /** What 1,000 tokens cost the owner at this provider, in minor units of its currency. */
    inputCostPer1kMinor: Cost,
    outputCostPer1kMinor: Cost,
  })
  .strict();

export const DEFAULT_PROVIDER_TIMEOUT_MS = 30_000;

const ApiKey = z.string().min(1).max(4096);

export const CreateProviderSchema = z
  .object({
    name: ProviderNameSchema,
    baseUrl: BaseUrlSchema,
    /** Sent as `Authorization: Bearer …`; stored encrypted, answered masked. */
    apiKey: ApiKey.nullish(),
    /** How long the provider may stay silent: before its first byte, and between chunks. */
    timeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_PROVIDER_TIMEOUT_MS),
    /** The currency its costs are in. */
    currency: CurrencySchema,
    models: z.array(ProviderModelInputSchema).max(200).default([]),
  })
  .strict()
  .meta({ id: 'CreateProviderRequest' });

/** A change: the fields given replace theirs (`models` the whole map; `apiKey: null` removes it). */
export const UpdateProviderSchema = z
  .object({
    name: ProviderNameSchema.optional(),
    baseUrl: BaseUrlSchema.optional(),
    apiKey: ApiKey.nullable().optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    currency: CurrencySchema.optional(),
    models: z.array(ProviderModelInputSchema).max(200).optional(),
  })
  .strict()
  .meta({ id: 'UpdateProviderRequest' });

export type CreateProviderInput = z.input<typeof CreateProviderSchema>;
export type UpdateProviderInput = z.input<typeof UpdateProviderSchema>;
export type ProviderModelInput = z.input<typeof ProviderModelInputSchema>;

const int = z.number().int();

export const ProviderModelSchema = z.object({
  model: z.string(),
  upstreamModel: z.string(),
  priority: int,
  inputCostPer1kMinor: int,
  outputCostPer1kMinor: int,
});

export const ProviderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    baseUrl: z.string(),
    /** The key masked (`••••` and its last four characters); null: no key is sent. */
    apiKey: z.string().nullable(),
    timeoutMs: int,
    currency: z.string(),
    models: z.array(ProviderModelSchema),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Provider' });

export type ProviderView = z.infer<typeof ProviderSchema>;

/** What to try: with `model` (one of its map's), a 1-token completion; without, `GET /models`. */
export const ProviderTestSchema = z
  .object({ model: UpstreamModelNameSchema.optional() })
  .strict()
  .meta({ id: 'ProviderTestRequest' });

export const ProviderTestResultSchema = z
  .object({
    provider: z.string(),
    ok: z.boolean(),
    /** `models`: GET /models; `completion`: a 1-token chat completion of `model`. */
    check: z.enum(['models', 'completion']),
    /** The provider's model name tried (completion). */
    model: z.string().nullable(),
    /** The provider's HTTP status (null: no answer). */
    status: int.nullable(),
    latencyMs: z.number(),
    /** Model ids the provider lists (models; at most 100). */
    models: z.array(z.string()),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ProviderTestResult' });

export type ProviderTestView = z.infer<typeof ProviderTestResultSchema>;

const ProviderParams = z.object({ providerId: z.string().min(1).max(100) });

export const providersContract = {
  create: route({
    method: 'POST',
    path: '/api/v1/providers',
    summary: 'Register an OpenAI-compatible upstream provider and the models it serves',
    description:
      'The secret is stored encrypted (AES-256-GCM) and never answered; each entry of `models` sells a model name through the gateway at `/v1`, with fallbacks in `priority` order.',
    access: ACCESS.staff,
    body: CreateProviderSchema,
    status: 201,
    response: ProviderSchema,
  }),
  list: route({
    method: 'GET',
    path: '/api/v1/providers',
    summary: 'Upstream providers, by name',
    access: ACCESS.staff,
    response: z.array(ProviderSchema),
  }),
  get: route({
    method: 'GET',
    path: '/api/v1/providers/:providerId',
    summary: 'One upstream provider (by id or name)',
    access: ACCESS.staff,
    params: ProviderParams,
    response: ProviderSchema,
  }),
  update: route({
    method: 'PATCH',
    path: '/api/v1/providers/:providerId',
    summary: "Change a provider's URL, secret, timeout, currency or model map",
    access: ACCESS.staff,
    params: ProviderParams,
    body: UpdateProviderSchema,
    response: ProviderSchema,
  }),
  remove: route({
    method: 'DELETE',
    path: '/api/v1/providers/:providerId',
    summary: 'Remove a provider and its routes (the models it served fall back to the others)',
    access: ACCESS.staff,
    params: ProviderParams,
    status: 204,
    response: z.void(),
  }),
  test: route({
    method: 'POST',
    path: '/api/v1/providers/:providerId/test',
    summary: 'Call the provider once (`/models`, or a 1-token completion) and report how it went',
    access: ACCESS.staff,
    params: ProviderParams,
    body: ProviderTestSchema,
    response: ProviderTestResultSchema,
  }),
};
