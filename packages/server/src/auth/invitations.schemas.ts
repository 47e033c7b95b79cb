import { z } from 'zod';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';

/**
 * Who the owner (or an admin) may invite to the console: staff (admin, analyst) and a
 * customer's users. Partner users are invited by their partner (partner-users.schemas.ts).
 */
export const MEMBER_ROLES = ['admin', 'analyst', 'customer'] as const;
export const INVITATION_STATUSES = ['invited', 'accepted', 'revoked', 'expired'] as const;

export const InviteMemberSchema = z
  .object({
    role: z.enum(MEMBER_ROLES),
    name: z.string().trim().min(1).max(200),
    email: z.email().max(200),
    /** The customer a customer user belongs to (required for `customer`, refused otherwise). */
    customerId: z.string().min(1).optional(),
  })
  .strict();

export type InviteMemberInput = z.input<typeof InviteMemberSchema>;

export const InvitationParams = z.object({ invitationId: z.string().min(1) });

export const MemberInvitationSchema = z
  .object({
    id: z.string(),
    role: z.enum(MEMBER_ROLES),
    customerId: z.string().nullable(),
    name: z.string(),
    email: z.string(),
    status: z.enum(INVITATION_STATUSES),
    invitedBy: z.string(),
    invitedAt: Instant,
    expiresAt: Instant,
    acceptedAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
  })
  .meta({ id: 'MemberInvitation' });

export const CreatedMemberInvitationSchema = MemberInvitationSchema.extend({
  /** The one-time code, shown once: send it to the person (only its hash is stored). */
  code: z.string(),
  /** The console page that accepts it and signs the person in. */
  signUpPath: z.string(),
}).meta({ id: 'CreatedMemberInvitation' });

export type MemberInvitationView = z.infer<typeof MemberInvitationSchema>;
export type CreatedMemberInvitationView = z.infer<typeof CreatedMemberInvitationSchema>;

export const invitationsContract = {
  list: route({
    method: 'GET',
    path: '/api/v1/invitations',
    summary: 'The console invitations of staff and customer users, newest first',
    access: ACCESS.staff,
    response: z.array(MemberInvitationSchema),
  }),
  create: route({
    method: 'POST',
    path: '/api/v1/invitations',
    summary: 'Invite a person by role (admin, analyst or a customer user); the code is shown once',
    description:
      'Only the owner invites admins (403 `auth.admin_by_owner_only`). The code works once, for 14 days: open `signUpPath` in the console, or POST it to /api/v1/console/session as `invitation`.',
    access: ACCESS.staff,
    body: InviteMemberSchema,
    status: 201,
    response: CreatedMemberInvitationSchema,
  }),
  revoke: route({
    method: 'POST',
    path: '/api/v1/invitations/:invitationId/revoke',
    summary: 'Revoke an invitation, or the access of the person who accepted it',
    description:
      'An accepted invitation is revoked with its credential: the person is signed out at once.',
    access: ACCESS.staff,
    params: InvitationParams,
    response: MemberInvitationSchema,
  }),
};
