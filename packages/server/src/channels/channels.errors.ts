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
});
