import { defineErrors } from '../shared/app-error.ts';

export const dealErrors = defineErrors({
  notFound: ['deals.deal_not_found', 404, (id: string) => `no deal ${id}`],
  customerOfOtherPartner: [
    'deals.customer_of_other_partner',
    409,
    () =>
      "this customer is sold through another partner; a deal can only be registered by the customer's partner",
  ],
  badTransition: [
    'deals.bad_transition',
    409,
    (from: string, to: string) =>
      `a deal moves lead → qualified → proposal → won, or to lost; not ${from} → ${to}`,
  ],
  registrationConflict: [
    'deals.registration_conflict',
    409,
    (other: string) =>
      `another partner registered this company first (deal ${other}); reject or close that one first`,
  ],
  notOfferable: [
    'deals.not_offerable',
    409,
    () => 'only an open direct lead without a partner can be offered',
  ],
  notOffered: [
    'deals.not_offered',
    409,
    () => 'this deal is not offered to you; accept or decline only offers',
  ],
  offerLapsed: [
    'deals.offer_lapsed',
    409,
    () => 'this lead was won or lost before you accepted it; the offer has lapsed',
  ],
  offerNotAccepted: [
    'deals.offer_not_accepted',
    409,
    () => 'accept the offered lead before working it',
  ],
  notPending: [
    'deals.not_pending',
    409,
    () => 'only a pending registration can be approved or rejected',
  ],
});

export const protectionErrors = defineErrors({
  notProtected: [
    'deals.not_protected',
    409,
    () => 'only an approved registration with a protection window can be extended',
  ],
  notOpen: [
    'deals.not_open',
    409,
    () => 'the deal is won or lost: its protection can no longer change',
  ],
  expired: [
    'deals.protection_expired',
    409,
    (until: string) =>
      `the protection ended at ${until}; ask the owner to reinstate it (an override with a reason)`,
  ],
  extensionPending: [
    'deals.extension_pending',
    409,
    () => 'an extension is already requested; wait for the owner to decide it',
  ],
  noExtension: ['deals.no_extension', 409, () => 'no extension is requested for this deal'],
  badOverride: [
    'deals.bad_override',
    400,
    (now: string) => `the new protection end must be after now (${now})`,
  ],
});
