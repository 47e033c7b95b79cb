import { defineErrors } from '../shared/app-error.ts';

export const billingErrors = defineErrors({
  badPeriod: ['billing.bad_period', 400, (why: string) => `invalid period: ${why}`],
  overlap: [
    'billing.period_overlap',
    409,
    (id: string, start: string, end: string) =>
      `the period overlaps closed period ${id} (${start} – ${end}); closed periods are immutable, so close one that starts at or after ${end} or ends at or before ${start}`,
  ],
  notOver: [
    'billing.period_not_over',
    409,
    (end: string) => `the period ends at ${end}, which is still ahead; close it once it is over`,
  ],
  periodNotFound: [
    'billing.period_not_found',
    404,
    (id: string) => `no closed period ${id}; list them with GET /api/v1/billing/periods`,
  ],
  invoiceNotFound: ['billing.invoice_not_found', 404, (id: string) => `no invoice ${id}`],
  statementNotFound: [
    'billing.statement_not_found',
    404,
    (id: string) => `no commission statement ${id}`,
  ],
  ruleConflict: [
    'billing.rule_target',
    400,
    () => 'a commission rule applies to a tier or to a partner: give exactly one of them',
  ],
});
