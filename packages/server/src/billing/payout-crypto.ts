import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { AppContext } from '../context.ts';
import { billingErrors } from './billing.errors.ts';

const keys = new WeakMap<object, Buffer>();

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw billingErrors.badPayoutKey();
  return key;
}

/**
 * The key payout details are encrypted with: `QUDAO_PAYOUT_KEY` (32 bytes, base64 or hex), or
 * the workspace's `payout-key` file (created on first use, mode 0600, like the owner token).
 * Keep a copy of it: without it the stored details cannot be read.
 */
async function payoutKey(ctx: AppContext): Promise<Buffer> {
  const cached = keys.get(ctx.paths);
  if (cached) return cached;
  let key: Buffer;
  if (ctx.config.payoutKey) key = parseKey(ctx.config.payoutKey);
  else {
    try {
      key = parseKey(await readFile(ctx.paths.payoutKey, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      key = randomBytes(32);
      try {
        await writeFile(ctx.paths.payoutKey, `${key.toString('base64')}\n`, {
          mode: 0o600,
          flag: 'wx',
        });
        await chmod(ctx.paths.payoutKey, 0o600);
      } catch (raced) {
        // Another process made it first: use that one.
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
        key = parseKey(await readFile(ctx.paths.payoutKey, 'utf8'));
      }
    }
  }
  keys.set(ctx.paths, key);
  return key;
}

/**
 * AES-256-GCM with a fresh 96-bit nonce; the partner id is bound as associated data, so a
 * ciphertext copied onto another partner's row does not decrypt. `v1:` + base64(iv|tag|data).
 */
export async function encryptDetails(ctx: AppContext, partnerId: string, plain: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await payoutKey(ctx), iv);
  cipher.setAAD(Buffer.from(partnerId));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
}

export async function decryptDetails(ctx: AppContext, partnerId: string, sealed: string) {
  const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', await payoutKey(ctx), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(partnerId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
