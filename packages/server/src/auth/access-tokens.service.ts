import type { Selectable } from 'kysely';
import { getPartner } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { AccessTokenTable } from '../db/schema.ts';
import { newId, nowIso } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { parseInput } from '../shared/validate.ts';
import * as store from './access-tokens.store.ts';
import { authErrors } from './auth.errors.ts';
import {
  type AccessTokenView,
  type CreateAccessTokenInput,
  CreateAccessTokenSchema,
  type CreatedAccessTokenView,
} from './auth.schemas.ts';
import { newCredential } from './secrets.ts';

/**
 * Creates a staff (admin, analyst) or partner access token, shown once. Only the owner creates
 * admin tokens; admins create analyst and partner tokens.
 */
export async function createAccessToken(
  ctx: AppContext,
  input: CreateAccessTokenInput,
  viewer: Principal = OWNER,
): Promise<CreatedAccessTokenView> {
  const data = parseInput(CreateAccessTokenSchema, input, 'access token');
  if (data.role === 'admin' && viewer.kind !== 'owner') throw authErrors.adminOnlyByOwner();
  if (data.role === 'partner' && !data.partnerId) throw authErrors.partnerRequired();
  if (data.expiresAt && Date.parse(data.expiresAt) <= ctx.clock.now().getTime())
    throw authErrors.expiryInPast();
  const partner = data.role === 'partner' ? await getPartner(ctx, data.partnerId!) : null;
  const credential = newCredential('qdt');
  const row = {
    id: newId('tok'),
    role: data.role,
    partner_id: partner?.id ?? null,
    name: data.name,
    prefix: credential.prefix,
    secret_hash: credential.hash,
    status: 'active',
    expires_at: data.expiresAt ?? null,
    created_at: nowIso(),
    revoked_at: null,
  };
  await store.insertToken(ctx.db, row);
  return { ...tokenView(row), token: credential.secret };
}

export async function listAccessTokens(ctx: AppContext): Promise<AccessTokenView[]> {
  return (await store.listTokens(ctx.db)).map(tokenView);
}

/** Revokes a token; admins manage every token but admin ones, which only the owner revokes. */
export async function revokeAccessToken(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<AccessTokenView> {
  const row = await store.findToken(ctx.db, id);
  if (!row) throw authErrors.tokenNotFound(id);
  if (row.role === 'admin' && viewer.kind !== 'owner') throw authErrors.adminOnlyByOwner();
  await store.revokeToken(ctx.db, id, nowIso());
  return tokenView((await store.findToken(ctx.db, id))!);
}

function tokenView(row: Selectable<AccessTokenTable>): AccessTokenView {
  return {
    id: row.id,
    role: row.role as AccessTokenView['role'],
    partnerId: row.partner_id,
    name: row.name,
    prefix: row.prefix,
    status: row.status as AccessTokenView['status'],
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
