import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 in one call: a Hash object (createHash) is a native object V8 tracks with a weak
 * handle, and every call's key check made one for the next scavenge to finalise.
 */
export function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

export function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A fresh `<scheme>_<prefix>_<secret>` credential; only its hash is stored, found by prefix. */
export function newCredential(scheme: string): { prefix: string; secret: string; hash: string } {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = `${scheme}_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { prefix, secret, hash: sha256(secret).toString('hex') };
}

/** Whether a credential's expiry has passed at `now` (the context clock's ms). */
export function isExpired(expiresAt: string | null, now: number): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= now;
}

/** The prefix a credential made by `newCredential` is found by (`<scheme>_<prefix>_…`). */
export function prefixOf(secret: string): string {
  return secret.split('_')[1] ?? '';
}

/** Whether a one-time code matches its stored hash and has not expired at `now`. */
export function codeMatches(
  code: string,
  hashHex: string | null,
  expiresAt: string | null,
  now: number,
): boolean {
  return (
    hashHex !== null &&
    equal(sha256(code), Buffer.from(hashHex, 'hex')) &&
    !isExpired(expiresAt, now)
  );
}
