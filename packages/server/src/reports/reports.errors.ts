import { defineErrors } from '../shared/app-error.ts';

export const reportErrors = defineErrors({
  sameCurrency: [
    'reports.same_currency',
    400,
    (currency: string) =>
      `a rate converts between two currencies; from and to are both ${currency}`,
  ],
  rateNotFound: [
    'reports.rate_not_found',
    404,
    (from: string, to: string) =>
      `no exchange rate from ${from} to ${to}; list them with GET /api/v1/exchange-rates`,
  ],
});
