import { z } from 'zod';
import { PartnerParams } from '../channels/channels.schemas.ts';
import { Instant, route } from '../shared/contract.ts';
import { ACCESS } from '../shared/roles.ts';
import { CreatedAccessTokenSchema } from './auth.schemas.ts';

/**
 * A partner user's role in the programme: a manager invites and revokes users, accepts terms
 * and sets payout details; finance sets payout details; sales sells. Every partner user reads
 * and sells as its partner (the partner token's scope is the partner).
 */
export const PARTNER_USER_ROLES = ['manager', 'sales', 'finance'] as const;
export const PARTNER_USER_STATUSES = ['invited', 'active', 'revoked'] as const;

export const InvitePartnerUserSchema = z
  .object({
    email: z.email().max(200),
    name: z.string().trim().min(1).max(200),
    role: z.enum(PARTNER_USER_ROLES),
  })
  .strict();

export const AcceptInvitationSchema = z
  .object({
    /** The code of the invitation (the sign-up link's last part). */ code: z
      .string()
      .min(10)
      .max(200),
  })
  .strict();

export const CertifySchema = z
  .object({ certification: z.string().trim().min(1).max(200) })
  .strict();

export const PartnerUserParams = z.object({ userId: z.string().min(1) });

export type InvitePartnerUserInput = z.input<typeof InvitePartnerUserSchema>;

export const PartnerUserSchema = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(PARTNER_USER_ROLES),
    status: z.enum(PARTNER_USER_STATUSES),
    invitedBy: z.string(),
    invitedAt: Instant,
    inviteExpiresAt: Instant.nullable(),
    acceptedAt: Instant.nullable(),
    certification: z.string().nullable(),
    certifiedAt: Instant.nullable(),
  })
  .meta({ id: 'PartnerUser' });

export const InvitationSchema = z
  .object({
    user: PartnerUserSchema,
    /** The one-time code, shown once: send it to the person (only its hash is stored). */
    code: z.string(),
    /** The console's sign-up page for it; or accept it with POST /api/v1/partner-invitations/accept. */
    signUpPath: z.string(),
  })
  .meta({ id: 'PartnerInvitation' });

export const AcceptedInvitationSchema = z
  .object({ user: PartnerUserSchema, token: CreatedAccessTokenSchema })
  .meta({ id: 'AcceptedInvitation' });

export type PartnerUserView = z.infer<typeof PartnerUserSchema>;
export type InvitationView = z.infer<typeof InvitationSchema>;
export type AcceptedInvitationView = z.infer<typeof AcceptedInvitationSchema>;

export const partnerUsersContract = {
  list: route({
    method: 'GET',
    path: '/api/v1/partners/:partnerId/users',
    summary: "A partner's users and invitations",
    access: ACCESS.readStaffOrPartner,
    params: PartnerParams,
    response: z.array(PartnerUserSchema),
  }),
  invite: route({
    method: 'POST',
    path: '/api/v1/partners/:partnerId/users',
    summary: "Invite a person to a partner by role (staff, or the partner's manager)",
    description: 'The partner must have accepted the current programme terms first.',
    access: ACCESS.staffOrPartner,
    params: PartnerParams,
    body: InvitePartnerUserSchema,
    status: 201,
    response: InvitationSchema,
  }),
  accept: route({
    method: 'POST',
    path: '/api/v1/partner-invitations/accept',
    summary: "Accept an invitation: answers the user's partner access token, once",
    access: ACCESS.public,
    body: AcceptInvitationSchema,
    status: 201,
    response: AcceptedInvitationSchema,
  }),
  revoke: route({
    method: 'POST',
    path: '/api/v1/partner-users/:userId/revoke',
    summary: "Revoke a partner user and its token (staff, or the partner's manager)",
    access: ACCESS.staffOrPartner,
    params: PartnerUserParams,
    response: PartnerUserSchema,
  }),
  certify: route({
    method: 'POST',
    path: '/api/v1/partner-users/:userId/certify',
    summary: 'Record a certification of a partner user (counts for tier requirements)',
    access: ACCESS.staff,
    params: PartnerUserParams,
    body: CertifySchema,
    response: PartnerUserSchema,
  }),
};
