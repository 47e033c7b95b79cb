import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { authErrors } from './auth.errors.ts';
import { sha256 } from './secrets.ts';

/** How long a printed console link signs in (once). */
export const SIGN_IN_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** Codes kept per server process; the oldest goes first (a link is printed once per start). */
const MAX_OPEN_CODES = 32;

/** sha256 of each open code → when it expires, per context (a server process has one). */
const openCodes = new WeakMap<AppContext, Map<string, number>>();

/**
 * A one-time code for the console link (`/?signin=…`): the URL that is printed, logged and
 * kept in browser history carries this instead of the owner token. Only its hash is kept.
 */
export function createConsoleSignInCode(ctx: AppContext): string {
  const codes = openCodes.get(ctx) ?? new Map<string, number>();
  openCodes.set(ctx, codes);
  const now = ctx.clock.now().getTime();
  for (const [hash, expires] of codes) if (expires <= now) codes.delete(hash);
  while (codes.size >= MAX_OPEN_CODES) codes.delete(codes.keys().next().value!);
  const code = `qd_signin_${randomBytes(24).toString('base64url')}`;
  codes.set(sha256(code).toString('hex'), now + SIGN_IN_CODE_TTL_MS);
  return code;
}

/** Trades an open code for the owner token, once; a used, expired or unknown code is a 401. */
export function redeemConsoleSignIn(ctx: AppContext, code: string): { token: string } {
  const codes = openCodes.get(ctx);
  const hash = sha256(code).toString('hex');
  const expires = codes?.get(hash);
  codes?.delete(hash);
  if (expires === undefined || expires <= ctx.clock.now().getTime()) {
    throw authErrors.badSignInCode();
  }
  return { token: ctx.ownerToken };
}
