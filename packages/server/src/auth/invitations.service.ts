import { getCustomer } from '../channels/channels.service.ts';
import type { AppContext } from '../context.ts';
import type { MemberInvitationTable } from '../db/schema.ts';
import { actorOf } from '../shared/actor.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { createAccessToken, revokeAccessToken } from './access-tokens.service.ts';
import { createApiKey, revokeApiKey } from './api-keys.service.ts';
import { authErrors } from './auth.errors.ts';
import {
  type CreatedMemberInvitationView,
  type InviteMemberInput,
  InviteMemberSchema,
  type MemberInvitationView,
} from './invitations.schemas.ts';
import * as store from './invitations.store.ts';
import { codeMatches, isExpired, newCredential, prefixOf } from './secrets.ts';

const INVITATION_DAYS = 14;

/**
 * Invites a person to the console by role: an admin or analyst (a staff access token of its
 * own on acceptance) or a user of a customer (an API key of that customer, held only by the
 * person's sessions). Only the owner invites admins. The code is shown once.
 */
export async function inviteMember(
  ctx: AppContext,
  input: InviteMemberInput,
  viewer: Principal = OWNER,
): Promise<CreatedMemberInvitationView> {
  const data = parseInput(InviteMemberSchema, input, 'invitation');
  if (data.role === 'admin' && viewer.kind !== 'owner') throw authErrors.adminOnlyByOwner();
  if ((data.role === 'customer') !== (data.customerId !== undefined)) {
    throw authErrors.invitationCustomer();
  }
  const customer = data.customerId ? await getCustomer(ctx, data.customerId) : null;
  const now = ctx.clock.now();
  const credential = newCredential('qdm');
  const row: MemberInvitationTable = {
    id: newId('inv'),
    role: data.role,
    customer_id: customer?.id ?? null,
    name: data.name,
    email: data.email.toLowerCase(),
    status: 'invited',
    prefix: credential.prefix,
    secret_hash: credential.hash,
    expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
    invited_by: actorOf(viewer),
    invited_at: now.toISOString(),
    accepted_at: null,
    revoked_at: null,
    credential_id: null,
  };
  await store.insertInvitation(ctx.db, row);
  return {
    ...invitationView(row, now.getTime()),
    code: credential.secret,
    signUpPath: `/join/${credential.secret}`,
  };
}

export async function listMemberInvitations(ctx: AppContext): Promise<MemberInvitationView[]> {
  const now = ctx.clock.now().getTime();
  return (await store.listInvitations(ctx.db)).map((row) => invitationView(row, now));
}

/**
 * Accepts an invitation once: issues the person's credential and answers it (to the session
 * service only: the browser gets a session cookie, never the credential).
 */
export async function acceptMemberInvitation(ctx: AppContext, code: string): Promise<string> {
  const row = await store.findByPrefix(ctx.db, prefixOf(code));
  const now = ctx.clock.now();
  if (
    row?.status !== 'invited' ||
    !codeMatches(code, row.secret_hash, row.expires_at, now.getTime())
  ) {
    throw authErrors.invitationNotFound();
  }
  return inTransaction(ctx, async (tx) => {
    const name = `${row.name} <${row.email}>`;
    const issued =
      row.role === 'customer'
        ? await createApiKey(tx, row.customer_id!, { name: `console: ${name}` })
        : await createAccessToken(tx, { role: row.role as 'admin' | 'analyst', name });
    const secret = 'key' in issued ? issued.key : issued.token;
    const updated = await tx.db
      .updateTable('member_invitations')
      .set({
        status: 'accepted',
        accepted_at: now.toISOString(),
        credential_id: issued.id,
        prefix: null,
        secret_hash: null,
      })
      // Only if still open: of two acceptances racing, one issues a credential.
      .where('id', '=', row.id)
      .where('status', '=', 'invited')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw authErrors.invitationNotFound();
    return secret;
  });
}

/** Revokes an open invitation, or an accepted one with the credential it issued. */
export async function revokeMemberInvitation(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<MemberInvitationView> {
  const row = await store.findInvitation(ctx.db, id);
  if (!row) throw authErrors.invitationNotFound();
  if (row.role === 'admin' && viewer.kind !== 'owner') throw authErrors.adminOnlyByOwner();
  const now = ctx.clock.now();
  if (row.status !== 'revoked') {
    await inTransaction(ctx, async (tx) => {
      if (row.credential_id && row.role === 'customer') {
        await revokeApiKey(tx, row.credential_id);
      } else if (row.credential_id) {
        await revokeAccessToken(tx, row.credential_id);
      }
      await store.updateInvitation(tx.db, id, {
        status: 'revoked',
        revoked_at: now.toISOString(),
        prefix: null,
        secret_hash: null,
      });
    });
  }
  return invitationView((await store.findInvitation(ctx.db, id))!, now.getTime());
}

function invitationView(row: MemberInvitationTable, now: number): MemberInvitationView {
  const expired = row.status === 'invited' && isExpired(row.expires_at, now);
  return {
    id: row.id,
    role: row.role as MemberInvitationView['role'],
    customerId: row.customer_id,
    name: row.name,
    email: row.email,
    status: expired ? 'expired' : (row.status as MemberInvitationView['status']),
    invitedBy: row.invited_by,
    invitedAt: row.invited_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
  };
}
