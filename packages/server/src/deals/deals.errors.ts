import { AppError } from '../shared/app-error.ts';

export const dealErrors = {
  notFound: (id: string) => new AppError('deals.deal_not_found', 404, `no deal ${id}`),
  customerOfOtherPartner: () =>
    new AppError(
      'deals.customer_of_other_partner',
      409,
      "this customer is sold through another partner; a deal can only be registered by the customer's partner",
    ),
  badTransition: (from: string, to: string) =>
    new AppError(
      'deals.bad_transition',
      409,
      `a deal moves lead → qualified → proposal → won, or to lost; not ${from} → ${to}`,
    ),
  registrationConflict: (other: string) =>
    new AppError(
      'deals.registration_conflict',
      409,
      `another partner registered this company first (deal ${other}); reject or close that one first`,
    ),
  notOfferable: () =>
    new AppError(
      'deals.not_offerable',
      409,
      'only an open direct lead without a partner can be offered',
    ),
  notOffered: () =>
    new AppError(
      'deals.not_offered',
      409,
      'this deal is not offered to you; accept or decline only offers',
    ),
  offerNotAccepted: () =>
    new AppError('deals.offer_not_accepted', 409, 'accept the offered lead before working it'),
  notPending: () =>
    new AppError(
      'deals.not_pending',
      409,
      'only a pending registration can be approved or rejected',
    ),
};
