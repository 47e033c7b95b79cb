import { AppError } from '../shared/app-error.ts';

export const channelErrors = {
  partnerNotFound: (id: string) =>
    new AppError('channels.partner_not_found', 404, `no partner with id ${id}`),
  customerNotFound: (id: string) =>
    new AppError('channels.customer_not_found', 404, `no customer with id ${id}`),
};
