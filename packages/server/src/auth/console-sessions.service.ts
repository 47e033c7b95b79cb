import { hkdfSync, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Principal } from '../shared/principal.ts';
import { secretBox } from '../shared/secret-box.ts';
import { parseInput } from '../shared/validate.ts';
import { authErrors } from './auth.errors.ts';
import { authenticate, describePrincipal } from './auth.service.ts';
import {
  type ConsoleSessionView,
  type CreateConsoleSessionInput,
  CreateConsoleSessionSchema,
} from './console-sessions.schemas.ts';
import * as store from './console-sessions.store.ts';
import { redeemConsoleSignIn } from './console-sign-in-codes.ts';
import { acceptMemberInvitation } from './invitations.service.ts';
import { acceptInvitation as acceptPartnerInvitation } from './partner-users.service.ts';
import { equal, sha256 } from './secrets.ts';

/** The session cookie: httpOnly, SameSite=Strict, path /. */
export const SESSION_COOKIE = 'qudao_session';
/** The header a session's state-changing requests carry its CSRF token in. */
export const CSRF_HEADER = 'x-qudao-csrf';
/** A session lasts this long from sign-in… */
export const SESSION_TTL_MS = 7 * 86_400_000;
/** …and ends sooner when the browser has not called for this long. */
export const SESSION_IDLE_MS = 24 * 3_600_000;
/** How stale `last_seen_at` may get before a call writes it again. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The credential a session acts with is sealed with a key derived from the cookie's secret, so
 * the table alone (a backup, a leaked copy) opens no session and reveals no credential.
 */
function sessionBox(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'qudao', 'console-session', 32));
  return secretBox({
    configured: key.toString('base64'),
    file: '',
    badKey: authErrors.sessionEnded,
  });
}

/** What a signed-in browser holds: the cookie's secret and the session as the API answers it. */
export interface CreatedSession {
  secret: string;
  session: ConsoleSessionView;
}

/**
 * Signs a browser in with a console link's code, a pasted token or key, or an invitation. The
 * credential is checked as a bearer header would be; the browser gets a cookie and a CSRF token,
 * never the credential (an invitation's credential is never shown to anyone).
 */
export async function createConsoleSession(
  ctx: AppContext,
  input: CreateConsoleSessionInput,
): Promise<CreatedSession> {
  const data = parseInput(CreateConsoleSessionSchema, input, 'session');
  const credential = data.code
    ? redeemConsoleSignIn(ctx, data.code).token
    : data.invitation
      ? await acceptAnyInvitation(ctx, data.invitation)
      : data.token!;
  const principal = await authenticate(ctx, `Bearer ${credential}`);
  const secret = randomBytes(32).toString('base64url');
  const id = sha256(secret).toString('hex');
  const now = ctx.clock.now();
  const row = {
    id,
    kind: principal.kind,
    credential_sealed: await sessionBox(secret).seal(id, credential),
    csrf: randomBytes(24).toString('base64url'),
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  };
  await store.deleteExpired(
    ctx.db,
    row.created_at,
    new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
  );
  await store.insertSession(ctx.db, row);
  return {
    secret,
    session: sessionView({ principal, csrf: row.csrf, expiresAt: row.expires_at }),
  };
}

async function acceptAnyInvitation(ctx: AppContext, code: string): Promise<string> {
  if (code.startsWith('qdi_')) return (await acceptPartnerInvitation(ctx, { code })).token.token;
  if (code.startsWith('qdm_')) return acceptMemberInvitation(ctx, code);
  throw authErrors.invitationNotFound();
}

/** A live session of the cookie's secret, with who it acts as (its credential, checked now). */
export interface ResolvedSession {
  id: string;
  principal: Principal;
  csrf: string;
  expiresAt: string;
}

/**
 * The session of a cookie, or 401 `auth.session_ended`. The sealed credential is checked on
 * every call, so revoking the token or key ends its sessions at once.
 */
export async function resolveConsoleSession(
  ctx: AppContext,
  secret: string | undefined,
): Promise<ResolvedSession> {
  if (!secret) throw authErrors.missingCredentials();
  const id = sha256(secret).toString('hex');
  const row = await store.findSession(ctx.db, id);
  const now = ctx.clock.now().getTime();
  if (
    !row ||
    Date.parse(row.expires_at) <= now ||
    Date.parse(row.last_seen_at) + SESSION_IDLE_MS <= now
  ) {
    if (row) await store.deleteSession(ctx.db, id);
    throw authErrors.sessionEnded();
  }
  let principal: Principal;
  try {
    const credential = await sessionBox(secret).open(id, row.credential_sealed);
    principal = await authenticate(ctx, `Bearer ${credential}`);
  } catch {
    // Revoked, expired or unreadable: the session is over for good.
    await store.deleteSession(ctx.db, id);
    throw authErrors.sessionEnded();
  }
  if (Date.parse(row.last_seen_at) + TOUCH_EVERY_MS <= now) {
    await store.touchSession(ctx.db, id, new Date(now).toISOString());
  }
  return { id, principal, csrf: row.csrf, expiresAt: row.expires_at };
}

/** Whether a request's CSRF header matches its session's token (constant time). */
export function csrfMatches(session: ResolvedSession, header: string | string[] | undefined) {
  return typeof header === 'string' && equal(sha256(header), sha256(session.csrf));
}

export function sessionView(session: Pick<ResolvedSession, 'principal' | 'csrf' | 'expiresAt'>) {
  const { principal, csrf, expiresAt } = session;
  return { principal: describePrincipal(principal), csrf, expiresAt } satisfies ConsoleSessionView;
}

/** Signs out: the session row goes; a cookie of an ended session signs nobody in. */
export async function endConsoleSession(ctx: AppContext, id: string): Promise<void> {
  await store.deleteSession(ctx.db, id);
}
