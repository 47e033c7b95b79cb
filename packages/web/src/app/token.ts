/** Where the owner's token is remembered between visits. */
export const TOKEN_STORAGE_KEY = 'qudao.token';

/** The token of this page load, kept in case localStorage is disabled (private mode). */
let inMemory: string | null = null;

/**
 * Takes the one-time sign-in code from `?signin=…` (the link `npx qudao serve` prints) and
 * strips it from the address bar; the console trades it for the owner token once
 * (`POST /api/v1/console/sign-in`). A `?token=…` of an old link is stripped and not used:
 * the token never travels in a URL.
 */
export function takeSignInCode(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('signin');
  if (!code && !url.searchParams.has('token')) return null;
  url.searchParams.delete('signin');
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return code;
}

/** The owner token this browser remembers, if any. */
export function takeToken(): string | null {
  return readStored();
}

export function saveToken(token: string): void {
  inMemory = token;
  try {
    window.localStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Storage disabled: the token lasts for this page load only.
  }
}

export function forgetToken(): void {
  inMemory = null;
  try {
    window.localStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_STORAGE_KEY) ?? inMemory;
  } catch {
    return inMemory;
  }
}
