import { AppError } from '../shared/app-error.ts';

export const programmeErrors = {
  mdfNotFound: (id: string) => new AppError('programme.mdf_not_found', 404, `no MDF request ${id}`),
  badStep: (status: string, step: string) =>
    new AppError(
      'programme.mdf_bad_step',
      409,
      `an MDF request goes requested → approved → claimed → reimbursed; it is ${status}, so it cannot be ${step}`,
    ),
  overspent: () =>
    new AppError('programme.mdf_overspent', 400, 'the claimed spend exceeds the approved amount'),
  partnerRequired: () =>
    new AppError('programme.partner_required', 400, 'say which partner the request is for'),
  noClosedPeriod: () =>
    new AppError(
      'programme.no_closed_period',
      409,
      'promotion counts paying customers of a closed period; close one first',
    ),
};
