import { defineErrors } from '../shared/app-error.ts';

export const partnerUserErrors = defineErrors({
  notFound: ['auth.partner_user_not_found', 404, (id: string) => `no partner user ${id}`],
  invitationNotFound: [
    'auth.invitation_not_found',
    404,
    () =>
      'no open invitation with this code: it was used, revoked or expired; ask for a new invitation',
  ],
  managerOnly: [
    'auth.partner_manager_only',
    403,
    (what: string) => `only the partner's manager (or staff) may ${what}`,
  ],
  userExists: [
    'auth.partner_user_exists',
    409,
    (email: string) => `${email} is already invited to or active for this partner`,
  ],
  termsNotAccepted: [
    'auth.terms_not_accepted',
    409,
    () =>
      'the partner has not accepted the current programme terms; its manager accepts them first (POST /api/v1/programme/terms/accept)',
  ],
});
