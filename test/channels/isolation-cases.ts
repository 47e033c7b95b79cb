import type { seedTenants } from './tenants.ts';

type Tenants = Awaited<ReturnType<typeof seedTenants>>;

export interface IsolationCase {
  /** denied: 403/404; filtered: 200 without any of tenant B's ids or names. */
  expect: 'denied' | 'filtered';
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * How tenant A reaches for tenant B's objects on each route open to partners or customers.
 * A new route open to them needs a line here (the matrix fails without one).
 */
export function isolationCases(t: Tenants) {
  const b = t.b;
  return {
    /** What must never appear in an answer to tenant A. */
    foreignIds: [
      b.partner.id,
      b.customer.id,
      b.key.id,
      b.token.id,
      'evt_of_b',
      'Bolt Motors',
      'Beta Integrator',
      b.deal.id,
      b.invoice.id,
      b.statement.id,
      b.credit.id,
      t.c.partner.id,
      t.c.customer.id,
      t.c.invoice.id,
      t.c.wholesale.id,
      'Gamma',
      'inq_of_b',
      'out_segments_of_b',
      'pr_of_b',
    ],
    /** Path parameters, filled with tenant B's objects. */
    params: {
      customerId: b.customer.id,
      partnerId: b.partner.id,
      keyId: b.key.id,
      tokenId: b.token.id,
      dealId: b.deal.id,
      feedbackId: b.complaint.id,
      mdfId: b.mdf.id,
      invoiceId: b.invoice.id,
      statementId: b.statement.id,
      periodId: t.periodId,
      // The reseller C's wholesale invoice (B is a referral partner).
      wholesaleInvoiceId: t.c.wholesale.id,
      inquiryId: 'inq_of_b',
      predictionId: 'pr_of_b',
    } as Record<string, string>,
    routes: {
      'GET /api/v1/me': { expect: 'filtered' },
      'GET /api/v1/partners': { expect: 'filtered' },
      'GET /api/v1/partners/:partnerId': { expect: 'denied' },
      'GET /api/v1/customers': { expect: 'filtered' },
      'POST /api/v1/customers': { expect: 'denied', body: { name: 'X', partnerId: b.partner.id } },
      'GET /api/v1/customers/:customerId': { expect: 'denied' },
      'POST /api/v1/customers/:customerId/keys': { expect: 'denied', body: {} },
      'GET /api/v1/customers/:customerId/keys': { expect: 'denied' },
      'POST /api/v1/keys/:keyId/revoke': { expect: 'denied' },
      'POST /api/v1/keys/:keyId/rotate': { expect: 'denied' },
      'GET /api/v1/usage': { expect: 'filtered', query: '?by=customer' },
      'GET /api/v1/usage/events': { expect: 'filtered' },
      'GET /api/v1/predictions': { expect: 'filtered' },
      'GET /api/v1/predictions/:predictionId': { expect: 'denied' },
      'POST /api/v1/predictions/:predictionId/feedback': { expect: 'denied', body: { label: 'a' } },
      'GET /api/v1/plans': { expect: 'filtered' },
      'GET /api/v1/products': { expect: 'filtered' },
      'GET /api/v1/subscriptions': { expect: 'filtered' },
      'POST /api/v1/customers/:customerId/subscriptions': {
        expect: 'denied',
        body: { productId: t.product.id },
      },
      'GET /api/v1/deals': { expect: 'filtered' },
      'POST /api/v1/deals': { expect: 'denied', body: { company: 'X', customerId: b.customer.id } },
      'GET /api/v1/deals/:dealId': { expect: 'denied' },
      'POST /api/v1/deals/:dealId/stage': { expect: 'denied', body: { stage: 'qualified' } },
      'GET /api/v1/invoices': { expect: 'filtered' },
      'GET /api/v1/invoices/:invoiceId': { expect: 'denied' },
      'GET /api/v1/invoices/:invoiceId/csv': { expect: 'denied' },
      'GET /api/v1/commission-statements': { expect: 'filtered' },
      'GET /api/v1/commission-statements/:statementId': { expect: 'denied' },
      'GET /api/v1/commission-statements/:statementId/csv': { expect: 'denied' },
      'GET /api/v1/feedback': { expect: 'filtered' },
      'POST /api/v1/feedback': {
        expect: 'denied',
        body: { kind: 'csat', score: 1, customerId: b.customer.id },
      },
      'POST /api/v1/feedback/:feedbackId/resolve': { expect: 'denied' },
      'POST /api/v1/deals/:dealId/accept': { expect: 'denied' },
      'POST /api/v1/deals/:dealId/decline': { expect: 'denied' },
      'GET /api/v1/mdf': { expect: 'filtered' },
      'POST /api/v1/mdf': {
        expect: 'denied',
        body: { partnerId: b.partner.id, purpose: 'x', amountMinor: 100 },
      },
      'POST /api/v1/mdf/:mdfId/claim': { expect: 'denied', body: { spentMinor: 1, proof: 'x' } },
      'GET /api/v1/partners/:partnerId/referral-codes': { expect: 'denied' },
      'POST /api/v1/partners/:partnerId/referral-codes': { expect: 'denied', body: {} },
      'GET /api/v1/partner-events': { expect: 'filtered' },
      'POST /api/v1/deals/:dealId/extension': {
        expect: 'denied',
        body: { days: 30, reason: 'the customer needs longer' },
      },
      'GET /api/v1/wholesale-invoices': { expect: 'filtered' },
      'GET /api/v1/wholesale-invoices/:wholesaleInvoiceId': { expect: 'denied' },
      'GET /api/v1/credit-notes': { expect: 'filtered' },
      'GET /api/v1/partners/:partnerId/earnings': { expect: 'denied' },
      'GET /api/v1/partners/:partnerId/payout-details': { expect: 'denied' },
      'PUT /api/v1/partners/:partnerId/payout-details': {
        expect: 'denied',
        body: {
          method: 'bank_transfer',
          accountHolder: 'Alpha',
          account: 'DE89370400440532013000',
        },
      },
      'GET /api/v1/wholesale-prices': { expect: 'filtered' },
      'GET /api/v1/partners/:partnerId/users': { expect: 'denied' },
      'POST /api/v1/partners/:partnerId/users': {
        expect: 'denied',
        body: { email: 'x@example.com', name: 'X', role: 'sales' },
      },
      // B has no users: an unknown id stands in (a partner only reaches its own users).
      'POST /api/v1/partner-users/:userId/revoke': {
        expect: 'denied',
        params: { userId: 'pus_of_b' },
      },
      'GET /api/v1/partners/:partnerId/tier-progress': { expect: 'denied' },
      'GET /api/v1/partners/:partnerId/retail-plans': { expect: 'denied' },
      'POST /api/v1/partners/:partnerId/retail-plans': {
        expect: 'denied',
        body: { productId: t.product.id, name: 'X', tiers: [{ upTo: null, priceMinor: 100 }] },
      },
      // Intelligence: another partner's scores, segments, deals, forecasts and inquiries.
      'GET /api/v1/intelligence/segments': { expect: 'filtered' },
      'GET /api/v1/intelligence/scores': { expect: 'filtered' },
      'GET /api/v1/intelligence/customers/:customerId': { expect: 'denied' },
      'GET /api/v1/intelligence/deals': { expect: 'filtered' },
      'GET /api/v1/intelligence/deals/:dealId': { expect: 'denied' },
      'GET /api/v1/intelligence/forecasts': { expect: 'filtered', query: '?by=partner' },
      'POST /api/v1/intelligence/inquiries': {
        expect: 'denied',
        body: { text: 'where is my invoice?', customerId: b.customer.id },
      },
      'GET /api/v1/intelligence/inquiries': { expect: 'filtered' },
      'GET /api/v1/intelligence/inquiries/:inquiryId': { expect: 'denied' },
      'POST /api/v1/intelligence/inquiries/:inquiryId/correct': {
        expect: 'denied',
        body: { category: 'billing' },
      },
      // Endpoints are not tenant objects; B's Idempotency-Key must not replay B's answer to A.
      'POST /api/v1/endpoints/:name/predict': {
        expect: 'denied',
        params: { name: 'no-such-endpoint' },
        headers: { 'idempotency-key': 'key-of-b' },
        body: { image: [[0]] },
      },
      // The gateway: models are endpoints (not tenant objects); the list is the key's own scope.
      'POST /v1/chat/completions': {
        expect: 'denied',
        body: { model: 'no-such-endpoint', messages: [{ role: 'user', content: 'hi' }] },
      },
      'POST /v1/completions': {
        expect: 'denied',
        body: { model: 'no-such-endpoint', prompt: 'hi' },
      },
      'POST /v1/embeddings': { expect: 'denied', body: { model: 'no-such-endpoint', input: 'hi' } },
      'GET /v1/models': { expect: 'filtered' },
    } as Record<string, IsolationCase>,
  };
}
