import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getCustomer } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import { readCacheOf } from '../db/database.ts';
import type { Principal } from '../shared/principal.ts';
import * as tokens from './access-tokens.store.ts';
import * as keys from './api-keys.store.ts';
import { authErrors } from './auth.errors.ts';
import type { PrincipalView } from './auth.schemas.ts';
import { equal, isExpired, sha256 } from './secrets.ts';

export { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';

const KEY_PATTERN = /^qd_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{32,})$/;
const TOKEN_PATTERN = /^qdt_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{32,})$/;

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

/**
 * Resolves an `Authorization` header to a principal, or throws a 401 AppError: the owner token,
 * a staff or partner access token (`qdt_…`), or a customer API key (`qd_…`).
 */
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
  const staff = TOKEN_PATTERN.exec(token);
  if (staff) {
    const row = await tokens.findTokenByPrefix(ctx.db, staff[1]!);
    if (!row || !equal(sha256(token), Buffer.from(row.secret_hash, 'hex'))) {
      throw authErrors.invalidKey();
    }
    if (row.status !== 'active') throw authErrors.revokedKey();
    if (isExpired(row.expires_at, ctx.clock.now().getTime())) throw authErrors.expiredKey();
    if (row.role === 'partner') {
      return { kind: 'partner', partnerId: row.partner_id!, tokenId: row.id };
    }
    return { kind: row.role as 'admin' | 'analyst', tokenId: row.id };
  }
  const parts = KEY_PATTERN.exec(token);
  if (!parts) throw authErrors.invalidKey();
  const found = await customerKeyOf(ctx, parts[1]!);
  if (!found || !equal(sha256(token), found.secretHash)) throw authErrors.invalidKey();
  const { row, partnerId } = found;
  if (row.status !== 'active') throw authErrors.revokedKey();
  if (isExpired(row.expires_at, ctx.clock.now().getTime())) throw authErrors.expiredKey();
  return {
    kind: 'customer',
    customerId: row.customer_id,
    partnerId,
    apiKeyId: row.id,
    products: row.products_json ? (JSON.parse(row.products_json) as string[]) : null,
    budget:
      row.budget_minor !== null && row.budget_id !== null
        ? { id: row.budget_id, minor: row.budget_minor }
        : null,
  };
}

type KeyRow = NonNullable<Awaited<ReturnType<typeof keys.findKeyByPrefix>>>;

/**
 * The key with this prefix and its customer's partner. Every customer call asks, so the answer
 * is kept until a key, customer or partner is written (db/read-cache.ts: this process's writes
 * and other processes' commits both clear it, so a revoked key is refused at once); the secret,
 * status and expiry are still checked on every call.
 */
function customerKeyOf(ctx: AppContext, prefix: string) {
  return readCacheOf<{ row: KeyRow; secretHash: Buffer; partnerId: string | null } | null>(
    ctx.db,
    'auth.customer-key',
  ).get(prefix, async () => {
    const row = await keys.findKeyByPrefix(ctx.db, prefix);
    if (!row) return null;
    const customer = await getCustomer(ctx, row.customer_id);
    return { row, secretHash: Buffer.from(row.secret_hash, 'hex'), partnerId: customer.partnerId };
  });
}

/** The caller as `GET /api/v1/me` answers it (a customer's key scope is always stated). */
export function describePrincipal(principal: Principal): PrincipalView {
  return principal.kind === 'customer'
    ? {
        kind: 'customer',
        customerId: principal.customerId,
        partnerId: principal.partnerId,
        apiKeyId: principal.apiKeyId,
        products: principal.products ?? null,
      }
    : principal;
}
