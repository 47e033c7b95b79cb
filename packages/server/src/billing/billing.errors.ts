import { AppError } from '../shared/app-error.ts';

export const billingErrors = {
  badPeriod: (why: string) => new AppError('billing.bad_period', 400, `invalid period: ${why}`),
  overlap: (id: string, start: string, end: string) =>
    new AppError(
      'billing.period_overlap',
      409,
      `the period overlaps closed period ${id} (${start} – ${end}); closed periods are immutable`,
    ),
  notOver: (end: string) =>
    new AppError('billing.period_not_over', 409, `the period ends at ${end}, which is still ahead`),
  periodNotFound: (id: string) =>
    new AppError('billing.period_not_found', 404, `no closed period ${id}`),
  invoiceNotFound: (id: string) =>
    new AppError('billing.invoice_not_found', 404, `no invoice ${id}`),
  statementNotFound: (id: string) =>
    new AppError('billing.statement_not_found', 404, `no commission statement ${id}`),
  ruleConflict: () =>
    new AppError('billing.rule_target', 400, 'a commission rule applies to a tier or to a partner'),
};
