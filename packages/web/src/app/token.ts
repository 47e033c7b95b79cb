/** Where the owner's token is remembered between visits. */
export const TOKEN_STORAGE_KEY = 'qudao.token';

/** The token of this page load, kept in case localStorage is disabled (private mode). */
let inMemory: string | null = null;

/**
 * Takes the owner token from `?token=…` (the URL `npx qudao serve` prints), remembers it and
 * strips it from the address bar so it is not bookmarked or shared; falls back to the stored one.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    saveToken(fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
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
