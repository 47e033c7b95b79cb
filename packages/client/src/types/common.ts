/** Errors and health. */

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Sign-in: a console session, and the invitations that sign people in. */
export type {
  ConsoleSessionView as ConsoleSession,
  CreatedMemberInvitationView as CreatedMemberInvitation,
  HealthView as Health,
  MemberInvitationView as MemberInvitation,
} from '@qudao/server/contract';
