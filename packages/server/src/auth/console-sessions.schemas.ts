import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import { PrincipalSchema } from './auth.schemas.ts';

/**
 * How a browser signs in: with the one-time code of the link `qudao serve` prints, with a
 * token or key pasted on the sign-in page, or with an invitation (a member's `qdm_…` or a
 * partner user's `qdi_…` code). Exactly one of them.
 */
export const CreateConsoleSessionSchema = z
  .object({
    /** The `signin` parameter of the link `qudao serve` prints. */
    code: z.string().min(1).max(200).optional(),
    /** An owner token, access token or customer API key. */
    token: z.string().min(1).max(400).optional(),
    /** An invitation code (the sign-up link's last part). */
    invitation: z.string().min(10).max(200).optional(),
  })
  .strict()
  .refine((b) => [b.code, b.token, b.invitation].filter((v) => v !== undefined).length === 1, {
    message: 'send exactly one of code, token and invitation',
  });

export type CreateConsoleSessionInput = z.input<typeof CreateConsoleSessionSchema>;

/**
 * A console session: who it acts as, and the CSRF token every state-changing request of the
 * session sends in the `x-qudao-csrf` header. The session itself is an httpOnly cookie.
 */
export const ConsoleSessionSchema = z
  .object({
    principal: PrincipalSchema,
    csrf: z.string(),
    expiresAt: Instant,
  })
  .meta({ id: 'ConsoleSession' });

export type ConsoleSessionView = z.infer<typeof ConsoleSessionSchema>;

export const consoleContract = {
  createSession: route({
    method: 'POST',
    path: '/api/v1/console/session',
    summary: 'Sign a browser in: sets the httpOnly, SameSite=Strict session cookie',
    description:
      "A console link's code works once and for 24 hours, in the server process that printed it (401 `auth.bad_sign_in_code`). A token is checked as `Authorization: Bearer` would be. An invitation works once (404 `auth.invitation_not_found`). The session lasts 7 days, and ends at once when its credential is revoked.",
    access: ACCESS.public,
    body: CreateConsoleSessionSchema,
    status: 201,
    response: ConsoleSessionSchema,
  }),
  getSession: route({
    method: 'GET',
    path: '/api/v1/console/session',
    summary: "The browser's session (from its cookie) and its CSRF token",
    description: 'No session cookie, or an ended one: 401 `auth.missing_credentials`.',
    access: ACCESS.public,
    response: ConsoleSessionSchema,
  }),
  endSession: route({
    method: 'DELETE',
    path: '/api/v1/console/session',
    summary: 'Sign out: ends the session and clears its cookie',
    description: "Needs the session's `x-qudao-csrf` header (403 `auth.csrf_failed`).",
    access: ACCESS.public,
    status: 204,
    response: z.void(),
  }),
};
