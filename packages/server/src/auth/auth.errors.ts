import { defineErrors } from '../shared/app-error.ts';

export const authErrors = defineErrors({
  missingCredentials: [
    'auth.missing_credentials',
    401,
    () => 'send your API key as `Authorization: Bearer <key>`',
  ],
  invalidKey: ['auth.invalid_key', 401, () => 'the API key is not valid'],
  revokedKey: ['auth.key_revoked', 401, () => 'the API key has been revoked; ask for a new one'],
  expiredKey: ['auth.key_expired', 401, () => 'the API key has expired; ask for a new one'],
  forbidden: ['auth.forbidden', 403, () => 'these credentials may not call this route'],
  keyNotFound: [
    'auth.key_not_found',
    404,
    (id: string) => `no API key with id ${id}; list a customer's keys to find it`,
  ],
  tokenNotFound: [
    'auth.token_not_found',
    404,
    (id: string) => `no access token with id ${id}; list the tokens to find it`,
  ],
  keyOutOfScope: [
    'auth.key_out_of_scope',
    403,
    (product: string) => `this API key may not call product ${product}; create a key scoped to it`,
  ],
  adminOnlyByOwner: [
    'auth.admin_by_owner_only',
    403,
    () => 'only the owner may create or revoke admin tokens; ask the owner',
  ],
  partnerRequired: [
    'auth.partner_required',
    400,
    () => 'a partner token needs the partnerId it acts for',
  ],
  keyWider: [
    'auth.key_wider_than_creator',
    403,
    () =>
      'a key makes or rotates only keys with a subset of its own products that expire no later than it; leave products and expiresAt out to take its own',
  ],
  tooManyKeys: [
    'auth.too_many_keys',
    409,
    (limit: number) =>
      `this customer already holds ${limit} live API keys, the most its plan allows; revoke one or rotate it instead`,
  ],
  expiryInPast: ['auth.expiry_in_past', 400, () => 'expiresAt must be in the future'],
  badSignInCode: [
    'auth.bad_sign_in_code',
    401,
    () =>
      'this console link was used already, has expired or is not from this server; open the link the running server printed last, or paste the owner token (QUDAO_HOME/owner-token)',
  ],
  sessionEnded: [
    'auth.session_ended',
    401,
    () =>
      'this console session has ended (signed out, expired or its credential revoked); sign in again',
  ],
  csrfFailed: [
    'auth.csrf_failed',
    403,
    () =>
      "a request signed in by the session cookie must send the session's CSRF token in `x-qudao-csrf` (GET /api/v1/console/session answers it)",
  ],
  invitationNotFound: [
    'auth.invitation_not_found',
    404,
    () =>
      'this invitation was used already, revoked, has expired or does not exist; ask for a new one',
  ],
  invitationCustomer: [
    'auth.invitation_customer',
    400,
    () => "a customer user's invitation names its customerId, and only that role takes one",
  ],
});
