import { AppError } from '../shared/app-error.ts';

export const authErrors = {
  missingCredentials: () =>
    new AppError(
      'auth.missing_credentials',
      401,
      'send your API key as `Authorization: Bearer <key>`',
    ),
  invalidKey: () => new AppError('auth.invalid_key', 401, 'the API key is not valid'),
  revokedKey: () =>
    new AppError('auth.key_revoked', 401, 'the API key has been revoked; ask for a new one'),
  expiredKey: () =>
    new AppError('auth.key_expired', 401, 'the API key has expired; ask for a new one'),
  forbidden: () => new AppError('auth.forbidden', 403, 'these credentials may not call this route'),
  keyNotFound: (id: string) => new AppError('auth.key_not_found', 404, `no API key with id ${id}`),
  tokenNotFound: (id: string) =>
    new AppError('auth.token_not_found', 404, `no access token with id ${id}`),
  keyOutOfScope: (product: string) =>
    new AppError(
      'auth.key_out_of_scope',
      403,
      `this API key may not call product ${product}; create a key scoped to it`,
    ),
  adminOnlyByOwner: () =>
    new AppError('auth.admin_by_owner_only', 403, 'only the owner may create admin tokens'),
  partnerRequired: () =>
    new AppError('auth.partner_required', 400, 'a partner token needs the partnerId it acts for'),
  expiryInPast: () => new AppError('auth.expiry_in_past', 400, 'expiresAt must be in the future'),
};
