/** Where consoles before the session cookie kept the token (forgotten on load: see below). */
const LEGACY_TOKEN_KEY = 'qudao.token';

/** How this page load signs in, taken from its address (then removed from it). */
export type SignInLink = { code: string } | { invitation: string } | null;

/**
 * Takes what the address carries to sign in with, and strips it from the address bar so no
 * history entry keeps it:
 * - `?signin=…`, the one-time code of the link `npx qudao serve` prints;
 * - `/join/<code>` (a member's invitation) or `/invite/<code>` (a partner user's).
 * A `?token=…` of an old link is stripped and not used: a token never travels in a URL.
 */
export function takeSignInLink(): SignInLink {
  const url = new URL(window.location.href);
  const invited = /^\/(?:join|invite)\/(qd[mi]_[A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
  const code = url.searchParams.get('signin');
  if (!invited && !code && !url.searchParams.has('token')) return null;
  url.searchParams.delete('signin');
  url.searchParams.delete('token');
  const path = invited ? '/' : url.pathname;
  window.history.replaceState(window.history.state, '', path + url.search + url.hash);
  if (invited) return { invitation: invited[1]! };
  return code ? { code } : null;
}

/**
 * The console signs in with an httpOnly session cookie: no script can read the credential.
 * A token an older console left in localStorage is removed.
 */
export function forgetLegacyToken(): void {
  try {
    window.localStorage.removeItem(LEGACY_TOKEN_KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
