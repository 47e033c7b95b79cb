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
  badRule: ['billing.bad_rule', 400, (why: string) => `invalid commission rule: ${why}`],
  ruleOverlap: [
    'billing.rule_overlap',
    409,
    (id: string, from: string, to: string) =>
      `the rule overlaps rule ${id} (in force ${from} – ${to}) for the same tier or partner and product; end that one first (POST /api/v1/commission-rules/${id}/end) or start this one after it`,
  ],
  ruleNotFound: ['billing.rule_not_found', 404, (id: string) => `no commission rule ${id}`],
  outOfOrder: [
    'billing.period_out_of_order',
    409,
    (end: string) =>
      `periods close in order: the last closed one ends at ${end}; close a period that starts there or later`,
  ],
  wholesaleInvoiceNotFound: [
    'billing.wholesale_invoice_not_found',
    404,
    (id: string) => `no wholesale invoice ${id}`,
  ],
  refundTooLarge: [
    'billing.refund_exceeds_invoice',
    409,
    (left: number, total: number) =>
      `the credit is more than is left to credit on the invoice (${left} of ${total} minor units); credit at most ${left}`,
  ],
  notRefundable: [
    'billing.invoice_not_refundable',
    409,
    () =>
      "this is a reseller's retail invoice: the reseller refunds its own customers; Qudao credits only its own invoices",
  ],
  belowMinimum: [
    'billing.payout_below_minimum',
    409,
    (balance: number, minimum: number, currency: string) =>
      `the partner's approved balance is ${balance} ${currency} minor units, under the minimum payout of ${minimum}; it is carried over to the monthly run`,
  ],
  nothingToPay: [
    'billing.nothing_to_pay',
    409,
    () => 'the partner has no approved commission to pay',
  ],
  noPayoutDetails: [
    'billing.no_payout_details',
    409,
    () =>
      'the partner has not given payout details yet (PUT /api/v1/partners/:partnerId/payout-details)',
  ],
  runNotFound: ['billing.payout_run_not_found', 404, (id: string) => `no payout run ${id}`],
  noClosedPeriod: [
    'billing.no_closed_period',
    409,
    () => 'payouts pay the statements of closed periods; close a period first',
  ],
  badPayoutKey: [
    'billing.bad_payout_key',
    500,
    () =>
      'the payout details key (QUDAO_PAYOUT_KEY or QUDAO_HOME/payout-key) is not 32 bytes in base64 or hex',
  ],
});
