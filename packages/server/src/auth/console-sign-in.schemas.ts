import { z } from 'zod';
import { route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

export const ConsoleSignInSchema = z.object({
  /** The `signin` parameter of the link `qudao serve` prints. */
  code: z.string().min(1).max(200),
});

export const ConsoleSessionSchema = z.object({ token: z.string() }).meta({ id: 'ConsoleSession' });

/**
 * The console's sign-in: the link `qudao serve` prints carries a one-time code instead of the
 * owner token, so no URL (access logs, proxies, browser history) holds a credential.
 */
export const consoleContract = {
  signIn: route({
    method: 'POST',
    path: '/api/v1/console/sign-in',
    summary: 'Exchange the one-time code of the console link for the owner token',
    description:
      'Each code works once and for 24 hours, in the server process that printed it; a used or unknown code answers 401 `auth.bad_sign_in_code`.',
    access: ACCESS.public,
    body: ConsoleSignInSchema,
    response: ConsoleSessionSchema,
  }),
};
