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
  forbidden: () => new AppError('auth.forbidden', 403, 'these credentials may not call this route'),
  keyNotFound: (id: string) => new AppError('auth.key_not_found', 404, `no API key with id ${id}`),
};
