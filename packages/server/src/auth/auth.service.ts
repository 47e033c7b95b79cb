import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Selectable } from 'kysely';
import { getCustomer } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { ApiKeyTable } from '../db/schema.ts';
import { newId, nowIso } from '../shared/ids.ts';
import * as store from './api-keys.store.ts';
import { authErrors } from './auth.errors.ts';
import type { Principal } from './principal.ts';

const KEY_PATTERN = /^qd_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{32,})$/;

export interface ApiKeyView {
  id: string;
  customerId: string;
  prefix: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Reads the owner token from the workspace, creating it (mode 0600) on first start. */
export async function loadOrCreateOwnerToken(file: string): Promise<string> {
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token.length >= 32) return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = `qd_owner_${randomBytes(24).toString('base64url')}`;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return token;
}

/** Creates a key for a customer. The secret is returned once; only its hash is stored. */
export async function createApiKey(ctx: AppContext, customerId: string) {
  await getCustomer(ctx, customerId);
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const key = `qd_${prefix}_${randomBytes(24).toString('base64url')}`;
  const row = {
    id: newId('key'),
    customer_id: customerId,
    prefix,
    secret_hash: sha256(key).toString('hex'),
    status: 'active',
    created_at: nowIso(),
    revoked_at: null,
    last_used_at: null,
  };
  await store.insertKey(ctx.db, row);
  return { ...keyView(row), key };
}

export async function listApiKeys(ctx: AppContext, customerId: string): Promise<ApiKeyView[]> {
  await getCustomer(ctx, customerId);
  return (await store.listKeysOfCustomer(ctx.db, customerId)).map(keyView);
}

export async function revokeApiKey(ctx: AppContext, id: string): Promise<ApiKeyView> {
  const row = await store.findKey(ctx.db, id);
  if (!row) throw authErrors.keyNotFound(id);
  await store.revokeKey(ctx.db, id, nowIso());
  return keyView((await store.findKey(ctx.db, id))!);
}

/** Resolves an `Authorization` header to a principal, or throws a 401 AppError. */
export async function authenticate(
  ctx: AppContext,
  header: string | undefined,
): Promise<Principal> {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw authErrors.missingCredentials();
  const token = match[1]!;
  if (token.startsWith('qd_owner_')) {
    if (equal(sha256(token), sha256(ctx.ownerToken))) return { kind: 'owner' };
    throw authErrors.invalidKey();
  }
  const parts = KEY_PATTERN.exec(token);
  if (!parts) throw authErrors.invalidKey();
  const row = await store.findKeyByPrefix(ctx.db, parts[1]!);
  if (!row || !equal(sha256(token), Buffer.from(row.secret_hash, 'hex'))) {
    throw authErrors.invalidKey();
  }
  if (row.status !== 'active') throw authErrors.revokedKey();
  const customer = await getCustomer(ctx, row.customer_id);
  return {
    kind: 'customer',
    customerId: customer.id,
    partnerId: customer.partnerId,
    apiKeyId: row.id,
  };
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyView(row: Selectable<ApiKeyTable>): ApiKeyView {
  return {
    id: row.id,
    customerId: row.customer_id,
    prefix: row.prefix,
    status: row.status as ApiKeyView['status'],
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
