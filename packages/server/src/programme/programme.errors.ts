import { defineErrors } from '../shared/app-error.ts';

export const programmeErrors = defineErrors({
  mdfNotFound: ['programme.mdf_not_found', 404, (id: string) => `no MDF request ${id}`],
  badStep: [
    'programme.mdf_bad_step',
    409,
    (status: string, step: string) =>
      `an MDF request goes requested → approved → claimed → reimbursed; it is ${status}, so it cannot be ${step}`,
  ],
  overspent: [
    'programme.mdf_overspent',
    400,
    () => 'the claimed spend exceeds the approved amount; claim at most the approved amount',
  ],
  partnerRequired: [
    'programme.partner_required',
    400,
    () => 'say which partner the request is for (partnerId)',
  ],
  noClosedPeriod: [
    'programme.no_closed_period',
    409,
    () => 'promotion counts paying customers of a closed period; close one first',
  ],
  applicationExists: [
    'programme.application_exists',
    409,
    (id: string) =>
      `this company has already applied (application ${id}); the applicant follows it with its token, or staff review it`,
  ],
  applicationNotFound: [
    'programme.application_not_found',
    404,
    (id: string) => `no application ${id} with this token; check the link you were given`,
  ],
  applicationBadStep: [
    'programme.application_bad_step',
    409,
    (status: string, step: string) =>
      `the application is ${status}, so it cannot be ${step} (submitted → info_requested → submitted → approved → onboarded, or rejected)`,
  ],
});
