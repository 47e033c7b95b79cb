import type { Selectable } from 'kysely';
import { getPartner } from '../channels/channels.service.ts';
import { recordEvent } from '../channels/partner-events.service.ts';
import { acceptedCurrentTerms } from '../channels/terms.service.ts';
import type { AppContext } from '../context.ts';
import type { PartnerUserTable } from '../db/schema.ts';
import { actorOf } from '../shared/actor.ts';
import { newId } from '../shared/ids.ts';
import { OWNER, type Principal } from '../shared/principal.ts';
import { inTransaction } from '../shared/transaction.ts';
import { parseInput } from '../shared/validate.ts';
import { createAccessToken, revokeAccessToken } from './access-tokens.service.ts';
import { partnerUserErrors } from './partner-users.errors.ts';
import {
  type AcceptedInvitationView,
  AcceptInvitationSchema,
  CertifySchema,
  type InvitationView,
  type InvitePartnerUserInput,
  InvitePartnerUserSchema,
  type PartnerUserView,
} from './partner-users.schemas.ts';
import * as store from './partner-users.store.ts';
import { codeMatches, newCredential, prefixOf } from './secrets.ts';

type Role = PartnerUserView['role'];
const INVITATION_DAYS = 14;

/**
 * The programme role of a partner caller: its user's role, or `manager` for a partner token
 * staff made directly (it acts for the whole partner, as before users existed).
 */
export async function partnerRoleOf(ctx: AppContext, viewer: Principal): Promise<Role | null> {
  if (viewer.kind !== 'partner') return null;
  const user = await store.findByToken(ctx.db, viewer.tokenId);
  return user ? (user.role as Role) : 'manager';
}

/** Staff pass; a partner caller must hold one of `roles` (403 otherwise). */
export async function assertPartnerRole(
  ctx: AppContext,
  viewer: Principal,
  roles: readonly Role[],
  what: string,
): Promise<void> {
  const role = await partnerRoleOf(ctx, viewer);
  if (role !== null && !roles.includes(role)) throw partnerUserErrors.managerOnly(what);
}

/**
 * Invites a person to a partner by role: a one-time code (shown once, valid 14 days) that the
 * person accepts for its own partner access token. Staff or the partner's manager, once the
 * partner accepted the current terms.
 */
export async function invitePartnerUser(
  ctx: AppContext,
  partnerId: string,
  input: InvitePartnerUserInput,
  viewer: Principal = OWNER,
): Promise<InvitationView> {
  const data = parseInput(InvitePartnerUserSchema, input, 'invitation');
  const partner = await getPartner(ctx, partnerId, viewer);
  await assertPartnerRole(ctx, viewer, ['manager'], 'invite users');
  if (!(await acceptedCurrentTerms(ctx, partner.id))) throw partnerUserErrors.termsNotAccepted();
  const email = data.email.toLowerCase();
  const taken = (await store.listUsers(ctx.db, partner.id)).some(
    (u) => u.email === email && u.status !== 'revoked',
  );
  if (taken) throw partnerUserErrors.userExists(email);
  const now = ctx.clock.now();
  const credential = newCredential('qdi');
  const row: PartnerUserTable = {
    id: newId('pus'),
    partner_id: partner.id,
    email,
    name: data.name,
    role: data.role,
    status: 'invited',
    invite_prefix: credential.prefix,
    invite_hash: credential.hash,
    invite_expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
    invited_by: actorOf(viewer),
    invited_at: now.toISOString(),
    accepted_at: null,
    token_id: null,
    certification: null,
    certified_at: null,
  };
  await inTransaction(ctx, async (tx) => {
    await store.insertUser(tx.db, row);
    await recordEvent(tx, {
      partnerId: partner.id,
      subjectType: 'partner_user',
      subjectId: row.id,
      action: 'user_invited',
      actor: row.invited_by,
      details: { email, role: data.role },
    });
  });
  return {
    user: userView(row),
    code: credential.secret,
    signUpPath: `/invite/${credential.secret}`,
  };
}

/** Accepts an invitation: the user becomes active with its own partner token (shown once). */
export async function acceptInvitation(
  ctx: AppContext,
  input: { code: string },
): Promise<AcceptedInvitationView> {
  const { code } = parseInput(AcceptInvitationSchema, input, 'invitation');
  const row = await store.findByInvitePrefix(ctx.db, prefixOf(code));
  const now = ctx.clock.now();
  if (
    row?.status !== 'invited' ||
    !codeMatches(code, row.invite_hash, row.invite_expires_at, now.getTime())
  ) {
    throw partnerUserErrors.invitationNotFound();
  }
  return inTransaction(ctx, async (tx) => {
    const token = await createAccessToken(tx, {
      role: 'partner',
      name: `${row.name} (${row.role})`,
      partnerId: row.partner_id,
    });
    const changes = {
      status: 'active',
      accepted_at: now.toISOString(),
      token_id: token.id,
      invite_prefix: null,
      invite_hash: null,
    };
    await store.updateUser(tx.db, row.id, changes);
    await recordEvent(tx, {
      partnerId: row.partner_id,
      subjectType: 'partner_user',
      subjectId: row.id,
      action: 'invitation_accepted',
      actor: `partner_user:${row.id}`,
    });
    return { user: userView({ ...row, ...changes }), token };
  });
}

/**
 * The partner's first user, its manager, made active at once (the applicant accepting the
 * terms): answers the user and its token. Call inside the caller's transaction.
 */
export async function createFirstManager(
  tx: AppContext,
  partnerId: string,
  person: { email: string; name: string },
  actor: string,
): Promise<AcceptedInvitationView> {
  const now = tx.clock.now().toISOString();
  const token = await createAccessToken(tx, {
    role: 'partner',
    name: `${person.name} (manager)`,
    partnerId,
  });
  const row: PartnerUserTable = {
    id: newId('pus'),
    partner_id: partnerId,
    email: person.email.toLowerCase(),
    name: person.name,
    role: 'manager',
    status: 'active',
    invite_prefix: null,
    invite_hash: null,
    invite_expires_at: null,
    invited_by: actor,
    invited_at: now,
    accepted_at: now,
    token_id: token.id,
    certification: null,
    certified_at: null,
  };
  await store.insertUser(tx.db, row);
  await recordEvent(tx, {
    partnerId,
    subjectType: 'partner_user',
    subjectId: row.id,
    action: 'manager_created',
    actor,
  });
  return { user: userView(row), token };
}

export async function listPartnerUsers(
  ctx: AppContext,
  partnerId: string,
  viewer: Principal = OWNER,
): Promise<PartnerUserView[]> {
  const partner = await getPartner(ctx, partnerId, viewer);
  return (await store.listUsers(ctx.db, partner.id)).map(userView);
}

/** Certified users per partner (tier requirements count them). */
export async function certifiedUsers(ctx: AppContext): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const u of await store.listUsers(ctx.db)) {
    if (u.status === 'active' && u.certified_at) {
      counts.set(u.partner_id, (counts.get(u.partner_id) ?? 0) + 1);
    }
  }
  return counts;
}

async function visibleUser(ctx: AppContext, id: string, viewer: Principal) {
  const row = await store.findUser(ctx.db, id);
  if (!row || (viewer.kind === 'partner' && viewer.partnerId !== row.partner_id)) {
    throw partnerUserErrors.notFound(id);
  }
  if (viewer.kind === 'customer') throw partnerUserErrors.notFound(id);
  return row;
}

/** Revokes a user: its invitation can no longer be accepted and its token stops working. */
export async function revokePartnerUser(
  ctx: AppContext,
  id: string,
  viewer: Principal = OWNER,
): Promise<PartnerUserView> {
  const row = await visibleUser(ctx, id, viewer);
  await assertPartnerRole(ctx, viewer, ['manager'], 'revoke users');
  const changes = { status: 'revoked', invite_prefix: null, invite_hash: null };
  await inTransaction(ctx, async (tx) => {
    if (row.token_id && row.status === 'active') await revokeAccessToken(tx, row.token_id);
    await store.updateUser(tx.db, id, changes);
    await recordEvent(tx, {
      partnerId: row.partner_id,
      subjectType: 'partner_user',
      subjectId: id,
      action: 'user_revoked',
      actor: actorOf(viewer),
    });
  });
  return userView({ ...row, ...changes });
}

export async function certifyPartnerUser(
  ctx: AppContext,
  id: string,
  input: { certification: string },
  viewer: Principal = OWNER,
): Promise<PartnerUserView> {
  const data = parseInput(CertifySchema, input, 'certification');
  const row = await visibleUser(ctx, id, viewer);
  const changes = {
    certification: data.certification,
    certified_at: ctx.clock.now().toISOString(),
  };
  await inTransaction(ctx, async (tx) => {
    await store.updateUser(tx.db, id, changes);
    await recordEvent(tx, {
      partnerId: row.partner_id,
      subjectType: 'partner_user',
      subjectId: id,
      action: 'user_certified',
      actor: actorOf(viewer),
      details: { certification: data.certification },
    });
  });
  return userView({ ...row, ...changes });
}

function userView(row: Selectable<PartnerUserTable>): PartnerUserView {
  return {
    id: row.id,
    partnerId: row.partner_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    status: row.status as PartnerUserView['status'],
    invitedBy: row.invited_by,
    invitedAt: row.invited_at,
    inviteExpiresAt: row.invite_expires_at,
    acceptedAt: row.accepted_at,
    certification: row.certification,
    certifiedAt: row.certified_at,
  };
}
