import { defineErrors } from '../shared/app-error.ts';

export const channelErrors = defineErrors({
  partnerNotFound: [
    'channels.partner_not_found',
    404,
    (id: string) =>
      `no partner with id ${id}; check the id (GET /api/v1/partners lists those you may see)`,
  ],
  customerNotFound: [
    'channels.customer_not_found',
    404,
    (id: string) =>
      `no customer with id ${id}; check the id (GET /api/v1/customers lists those you may see)`,
  ],
  referralCodeNotFound: [
    'channels.referral_code_not_found',
    404,
    (code: string) => `no referral code ${code}; check the link or the code`,
  ],
  referralCodeTaken: [
    'channels.referral_code_taken',
    409,
    (code: string) => `the referral code ${code} is taken; choose another or leave it out`,
  ],
  referralWithPartner: [
    'channels.referral_with_partner',
    400,
    () => 'give either partnerId or referral, not both: a referral picks the partner',
  ],
  alreadyAttributed: [
    'channels.customer_already_attributed',
    409,
    () => 'this customer already belongs to a partner; a referral code cannot move it',
  ],
  windowPassed: [
    'channels.attribution_window_passed',
    409,
    (days: number) =>
      `the customer signed up more than ${days} days ago, outside the attribution window; staff can assign a partner`,
  ],
  termsVersionExists: [
    'channels.terms_version_exists',
    409,
    (version: string) => `terms version ${version} is already published; publish a new version`,
  ],
  noTerms: [
    'channels.no_terms',
    404,
    () => 'no programme terms are published yet; the owner publishes them first',
  ],
  notCurrentTerms: [
    'channels.not_current_terms',
    409,
    (given: string, current: string) =>
      `terms ${given} are not the current version; read and accept version ${current}`,
  ],
});
