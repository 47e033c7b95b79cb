import type { Selectable } from 'kysely';
import { getCustomer } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { ApiKeyTable } from '../db/schema.ts';
import { assertProductsExist } from '../plans/plans.service.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import * as store from './api-keys.store.ts';
import { authErrors } from './auth.errors.ts';
import {
  type ApiKeyView,
  type CreateApiKeyInput,
  CreateApiKeySchema,
  type CreatedApiKeyView,
  type RotatedApiKeyView,
} from './auth.schemas.ts';
import { newCredential } from './secrets.ts';

/**
 * Creates a key for a customer, optionally scoped to products and with an expiry. The secret is
 * returned once; only its hash is stored. Partners create keys for their own customers only.
 */
export async function createApiKey(
  ctx: AppContext,
  customerId: string,
  input: CreateApiKeyInput = {},
  viewer: Principal = OWNER,
): Promise<CreatedApiKeyView> {
  const data = parseInput(CreateApiKeySchema, input, 'API key');
  await getCustomer(ctx, customerId, viewer);
  if (data.expiresAt && Date.parse(data.expiresAt) <= Date.now()) throw authErrors.expiryInPast();
  if (data.products) await assertProductsExist(ctx, data.products);
  const credential = newCredential('qd');
  const row = {
    id: newId('key'),
    customer_id: customerId,
    prefix: credential.prefix,
    secret_hash: credential.hash,
    status: 'active',
    created_at: nowIso(),
    revoked_at: null,
    last_used_at: null,
    expires_at: data.expiresAt ?? null,
    products_json: data.products ? JSON.stringify(data.products) : null,
    name: data.name ?? null,
  };
  await store.insertKey(ctx.db, row);
  return { ...keyView(row), key: credential.secret };
}

/** Every customer's keys (staff reports: time from key to first call). */
export async function listAllApiKeys(ctx: AppContext): Promise<ApiKeyView[]> {
  return (await store.listAllKeys(ctx.db)).map(keyView);
}

export async function listApiKeys(
  ctx: AppContext,
  customerId: string,
  viewer: Principal = OWNER,
): Promise<ApiKeyView[]> {
  await getCustomer(ctx, customerId, viewer);
  return (await store.listKeysOfCustomer(ctx.db, customerId)).map(keyView);
}

/** A key the viewer may manage: its customer must be visible to the viewer, else 404. */
async function visibleKey(ctx: AppContext, id: string, viewer: Principal) {
  const row = await store.findKey(ctx.db, id);
  if (!row) throw authErrors.keyNotFound(id);
  try {
    await getCustomer(ctx, row.customer_id, viewer);
  } catch {
    throw authErrors.keyNotFound(id);
  }
  return row;
}

export async function revokeApiKey(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<ApiKeyView> {
  await visibleKey(ctx, id, viewer);
  await store.revokeKey(ctx.db, id, nowIso());
  return keyView((await store.findKey(ctx.db, id))!);
}

/** Replaces a key by a new one with the same customer, name, scope and expiry; revokes the old. */
export async function rotateApiKey(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<RotatedApiKeyView> {
  const old = await visibleKey(ctx, id, viewer);
  if (old.status !== 'active') throw authErrors.revokedKey();
  const products = old.products_json ? (JSON.parse(old.products_json) as string[]) : undefined;
  const created = await createApiKey(
    ctx,
    old.customer_id,
    {
      name: old.name ?? undefined,
      products,
      expiresAt:
        old.expires_at && Date.parse(old.expires_at) > Date.now() ? old.expires_at : undefined,
    },
    viewer,
  );
  await store.revokeKey(ctx.db, id, nowIso());
  return { ...created, rotatedFrom: id };
}

export function keyView(row: Selectable<ApiKeyTable>): ApiKeyView {
  return {
    id: row.id,
    customerId: row.customer_id,
    name: row.name,
    prefix: row.prefix,
    status: row.status as ApiKeyView['status'],
    products: row.products_json ? (JSON.parse(row.products_json) as string[]) : null,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
