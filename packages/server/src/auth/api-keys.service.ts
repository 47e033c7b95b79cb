import type { Selectable } from 'kysely';
import { attributeCustomer, getCustomer } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { ApiKeyTable } from '../db/schema.ts';
import { assertProductsExist, maxKeysOf } from '../plans/plans.service.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
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
import { isExpired, newCredential } from './secrets.ts';

/**
 * Creates a key for a customer, optionally scoped to products and with an expiry. The secret is
 * returned once; only its hash is stored. Partners create keys for their own customers only. A
 * key that makes a key makes one no wider and no longer-lived than itself: its products and
 * expiry are the default, more is refused. The customer's live keys are capped by its plan.
 */
export async function createApiKey(
  ctx: AppContext,
  customerId: string,
  input: CreateApiKeyInput = {},
  viewer: Principal = OWNER,
  /** The key a rotation replaces (it does not count against the cap), and the budget it had. */
  options: { replacing?: string; budget?: { id: string; minor: number } | null } = {},
): Promise<CreatedApiKeyView> {
  const data = parseInput(CreateApiKeySchema, input, 'API key');
  if (data.referralCode) {
    const { referralCode, ...rest } = data;
    // The key and the attribution are written together, or neither is.
    return inTransaction(ctx, async (tx) => {
      await getCustomer(tx, customerId, viewer);
      await attributeCustomer(tx, customerId, referralCode, viewer);
      return createApiKey(tx, customerId, rest, viewer, options);
    });
  }
  await getCustomer(ctx, customerId, viewer);
  const now = ctx.clock.now();
  let products = data.products ?? null;
  let expiresAt = data.expiresAt ? new Date(data.expiresAt).toISOString() : null;
  const id = newId('key');
  let budget = options.budget ?? null;
  if (data.budgetMinor !== undefined) budget = { id, minor: data.budgetMinor };
  if (viewer.kind === 'customer') {
    const maker = await makerOf(ctx, viewer);
    products = data.products ?? maker.products;
    expiresAt = expiresAt ?? maker.expiresAt;
    assertNoWider(maker, products, expiresAt);
    // A key cannot give itself or another key a budget: a key it makes spends its own.
    if (data.budgetMinor !== undefined) throw authErrors.keyWider();
    if (!options.replacing) budget = maker.budget ?? budget;
  }
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) throw authErrors.expiryInPast();
  if (products) await assertProductsExist(ctx, products);
  await assertKeyAllowed(ctx, customerId, options.replacing);
  const credential = newCredential('qd');
  const row = {
    id,
    customer_id: customerId,
    prefix: credential.prefix,
    secret_hash: credential.hash,
    status: 'active',
    created_at: now.toISOString(),
    revoked_at: null,
    last_used_at: null,
    expires_at: expiresAt,
    products_json: products ? JSON.stringify(products) : null,
    name: data.name ?? null,
    budget_minor: budget?.minor ?? null,
    budget_id: budget?.id ?? null,
  };
  await store.insertKey(ctx.db, row);
  return { ...keyView(row), key: credential.secret };
}

interface KeyLimits {
  products: string[] | null;
  expiresAt: string | null;
  budget?: { id: string; minor: number } | null;
}

/** The scope and expiry of the key a customer is calling with. */
async function makerOf(
  ctx: AppContext,
  viewer: Extract<Principal, { kind: 'customer' }>,
): Promise<KeyLimits> {
  const row = await store.findKey(ctx.db, viewer.apiKeyId);
  if (!row) throw authErrors.invalidKey();
  return { ...keyView(row), budget: budgetOf(row) };
}

/** A key made (or rotated) by a key: a subset of its products, expiring no later than it. */
function assertNoWider(maker: KeyLimits, products: string[] | null, expiresAt: string | null) {
  if (maker.products) {
    const allowed = new Set(maker.products);
    if (!products || products.some((p) => !allowed.has(p))) throw authErrors.keyWider();
  }
  if (maker.expiresAt) {
    if (!expiresAt || Date.parse(expiresAt) > Date.parse(maker.expiresAt)) {
      throw authErrors.keyWider();
    }
  }
}

/** Keys are free to mint, so their number is the plan's to cap (live = active, unexpired). */
async function assertKeyAllowed(ctx: AppContext, customerId: string, replacing?: string) {
  const now = ctx.clock.now().getTime();
  const live = (await store.listKeysOfCustomer(ctx.db, customerId)).filter(
    (k) => k.status === 'active' && !isExpired(k.expires_at, now) && k.id !== replacing,
  );
  const limit = await maxKeysOf(ctx, customerId);
  if (live.length >= limit) throw authErrors.tooManyKeys(limit);
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
  await store.revokeKey(ctx.db, id, ctx.clock.now().toISOString());
  return keyView((await store.findKey(ctx.db, id))!);
}

/**
 * Replaces a key by a new one with the same customer, name, scope and expiry; revokes the old.
 * A customer's key rotates only keys no wider than itself (else it would get their secret).
 */
export async function rotateApiKey(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<RotatedApiKeyView> {
  const old = await visibleKey(ctx, id, viewer);
  if (old.status !== 'active') throw authErrors.revokedKey();
  const { products, expiresAt } = keyView(old);
  if (viewer.kind === 'customer') assertNoWider(await makerOf(ctx, viewer), products, expiresAt);
  const live = expiresAt && !isExpired(expiresAt, ctx.clock.now().getTime());
  const created = await createApiKey(
    ctx,
    old.customer_id,
    {
      name: old.name ?? undefined,
      products: products ?? undefined,
      expiresAt: live ? expiresAt : undefined,
    },
    viewer,
    // The new key spends the old key's budget (the same counter): rotating buys no fresh one.
    { replacing: id, budget: budgetOf(old) },
  );
  await store.revokeKey(ctx.db, id, ctx.clock.now().toISOString());
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
    budgetMinor: row.budget_minor,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

function budgetOf(row: Selectable<ApiKeyTable>): { id: string; minor: number } | null {
  return row.budget_minor !== null && row.budget_id !== null
    ? { id: row.budget_id, minor: row.budget_minor }
    : null;
}
