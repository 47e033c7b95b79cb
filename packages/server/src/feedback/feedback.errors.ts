import { defineErrors } from '../shared/app-error.ts';

export const feedbackErrors = defineErrors({
  notFound: ['feedback.not_found', 404, (id: string) => `no feedback ${id}`],
  customerRequired: [
    'feedback.customer_required',
    400,
    () => 'say which customer the feedback is from (customerId)',
  ],
  scoreByCustomerOnly: [
    'feedback.score_by_customer_only',
    403,
    () =>
      'CSAT and NPS scores come from the customer (its API key) or staff; a partner may report a complaint',
  ],
  notComplaint: [
    'feedback.not_a_complaint',
    409,
    () => 'only an open complaint can be resolved; this one is a score or already resolved',
  ],
});
