import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { AppError } from './app-error.ts';

/**
 * Where a secret box's key comes from: a configured value (an environment variable, 32 bytes in
 * base64 or hex), else a file of the workspace that is created on first use (mode 0600, like the
 * owner token). Without the key the sealed values cannot be read: keep a copy of it.
 */
export interface SecretKeySource {
  /** The configured key, or undefined to use the file. */
  configured: string | undefined;
  /** The key file (created with a fresh random key when missing). */
  file: string;
  /** The error for a key that is not 32 bytes in base64 or hex. */
  badKey: () => AppError;
}

/** Seals and opens short secrets at rest; `aad` binds each one to the row it belongs to. */
export interface SecretBox {
  seal(aad: string, plain: string): Promise<string>;
  open(aad: string, sealed: string): Promise<string>;
}

/** Keys by file path: one read per process, shared by every box on the same file. */
const keys = new Map<string, Promise<Buffer>>();

function parseKey(text: string, badKey: () => AppError): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw badKey();
  return key;
}

async function fileKey(source: SecretKeySource): Promise<Buffer> {
  try {
    return parseKey(await readFile(source.file, 'utf8'), source.badKey);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  try {
    await writeFile(source.file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(source.file, 0o600);
    return key;
  } catch (raced) {
    // Another process made it first: use that one.
    if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    return parseKey(await readFile(source.file, 'utf8'), source.badKey);
  }
}

function keyOf(source: SecretKeySource): Promise<Buffer> {
  if (source.configured !== undefined) {
    return Promise.resolve(parseKey(source.configured, source.badKey));
  }
  let key = keys.get(source.file);
  if (!key) {
    key = fileKey(source);
    // A failed read is not remembered: the next call tries again.
    key.catch(() => keys.delete(source.file));
    keys.set(source.file, key);
  }
  return key;
}

/**
 * AES-256-GCM with a fresh 96-bit nonce per value and the row's id as associated data, so a
 * ciphertext copied onto another row does not decrypt. The sealed form is
 * `v1:` + base64(iv | tag | data).
 */
export function secretBox(source: SecretKeySource): SecretBox {
  return {
    async seal(aad, plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await keyOf(source), iv);
      cipher.setAAD(Buffer.from(aad));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
    },
    async open(aad, sealed) {
      const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', await keyOf(source), raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
