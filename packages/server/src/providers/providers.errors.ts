import { defineErrors } from '../shared/app-error.ts';

export const providerErrors = defineErrors({
  providerNotFound: [
    'providers.provider_not_found',
    404,
    (idOrName: string) => `no provider "${idOrName}"; see \`qudao providers list\``,
  ],
  providerExists: [
    'providers.provider_exists',
    409,
    (name: string) => `a provider named "${name}" exists already: pick another name or change it`,
  ],
  modelNameTaken: [
    'providers.model_name_taken',
    409,
    (model: string) =>
      `"${model}" is the name of an endpoint: a model sold through a provider needs a name of its own`,
  ],
  duplicateModel: [
    'providers.duplicate_model',
    400,
    (model: string) => `the model map lists "${model}" twice: give each model once`,
  ],
  modelNotMapped: [
    'providers.model_not_mapped',
    400,
    (provider: string, model: string) =>
      `provider "${provider}" does not serve "${model}": test a model of its map, or add it with PATCH /api/v1/providers/${provider}`,
  ],
  noRoute: [
    'providers.no_route',
    503,
    (model: string) =>
      `no provider serves "${model}" now (every provider of it was removed); the owner adds one with \`qudao providers add\``,
  ],
  upstreamUnavailable: [
    'providers.upstream_unavailable',
    502,
    (model: string, attempts: string) =>
      `no provider of "${model}" answered (${attempts}); nothing was billed, retry the call later`,
  ],
  upstreamRefused: [
    'providers.upstream_refused',
    502,
    (provider: string, status: number, why: string) =>
      `provider "${provider}" refused the call (HTTP ${status}: ${why}); nothing was billed`,
  ],
  upstreamBadRequest: [
    'providers.upstream_bad_request',
    400,
    (provider: string, status: number, why: string) =>
      `provider "${provider}" refused the request as invalid (HTTP ${status}: ${why}); change the request, nothing was billed`,
  ],
  upstreamFailed: [
    'providers.upstream_failed',
    502,
    (provider: string, why: string) =>
      `provider "${provider}" failed during the answer (${why}); what was sent is billed, retry for the rest`,
  ],
  badProviderKey: [
    'providers.bad_provider_key',
    500,
    () =>
      'the provider secrets key (QUDAO_PROVIDER_KEY or QUDAO_HOME/provider-key) is not 32 bytes in base64 or hex',
  ],
  secretUnreadable: [
    'providers.secret_unreadable',
    500,
    (provider: string) =>
      `the secret of provider "${provider}" cannot be decrypted with this workspace's provider key (was the key changed?); set it again with PATCH /api/v1/providers/${provider}`,
  ],
});
