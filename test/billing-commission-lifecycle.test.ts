import {
  buildServer,
  closePeriod,
  createCommissionRule,
  createCreditNote,
  createCustomer,
  createPartner,
  createPayoutRun,
  createPlan,
  createProduct,
  listInvoices,
  listStatements,
  partnerEarnings,
  setBillingSettings,
  setPayoutDetails,
  subscribe,
  verifyPeriod,
} from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const JAN = { start: '2030-01-01T00:00:00.000Z', end: '2030-02-01T00:00:00.000Z' };
const FEB = { start: '2030-02-01T00:00:00.000Z', end: '2030-03-01T00:00:00.000Z' };
const MAR = { start: '2030-03-01T00:00:00.000Z', end: '2030-04-01T00:00:00.000Z' };
const ACCOUNT = 'DE89370400440532013000';

/**
 * The commission lifecycle on the clock, by hand. One referral partner, a recurring 20% rule,
 * two customers on a 100.00 USD monthly plan (10000 cents each month), holding period 30 days.
 *   Jan statement: 2000 + 2000 = 4000, pending until Feb 1 + 30 days = Mar 3.
 *   Feb 10: C1's January invoice refunded by half (5000) while pending → cancels 1000.
 *   Mar 5: January approved: 1000 + 2000 = 3000. Minimum 5000 → carried over; minimum 2000 →
 *          paid 3000.
 *   Mar 10: C2's January invoice refunded in full after it was paid → clawback −2000 on the
 *          March statement: 4000 − 2000 = 2000.
 */
describe('commission lifecycle: pending → approved → paid, cancellations and clawbacks', () => {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let partnerId: string;
  let c1: string;
  let c2: string;
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
    });
  const janInvoice = async (customerId: string) => {
    const invoice = (await listInvoices(ctx)).find(
      (i) => i.customerId === customerId && i.createdAt.startsWith('2030-02-01'),
    );
    if (!invoice) throw new Error(`no January invoice of ${customerId}`);
    return invoice;
  };
  const usd = async () => (await partnerEarnings(ctx, partnerId)).totals[0];

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    app = await buildServer(ctx);
    await app.ready();
    await ctx.db
      .insertInto('endpoints')
      .values({
        id: 'ep_v',
        name: 'v',
        model_version_id: 'mv',
        status: 'active',
        created_at: JAN.start,
        updated_at: JAN.start,
      })
      .execute();
    const plan = await createPlan(ctx, {
      name: 'Monthly',
      currency: 'USD',
      monthlyFeeMinor: 10000,
    });
    const product = await createProduct(ctx, { name: 'V', endpoint: 'v', plan: plan.id });
    partnerId = (await createPartner(ctx, { name: 'Referrer' })).id;
    c1 = (await createCustomer(ctx, { name: 'One', partnerId })).id;
    c2 = (await createCustomer(ctx, { name: 'Two', partnerId })).id;
    await subscribe(ctx, c1, { productId: product.id });
    await subscribe(ctx, c2, { productId: product.id });
    await createCommissionRule(ctx, { partnerId, rateBps: 2000, maxMonths: 12 });
    await setBillingSettings(ctx, { holdingDays: 30, minimumPayouts: { USD: 5000 } });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('keeps January pending for the holding period; a refund meanwhile cancels its share', async () => {
    clock.set(JAN.end);
    await closePeriod(ctx, JAN);
    const [statement] = await listStatements(ctx);
    expect(statement?.totalMinor).toBe(4000);
    // Lines come in customer id order.
    expect(statement?.lines.map((l) => [l.customerId, l.amountMinor])).toEqual(
      [c1, c2].sort().map((c) => [c, 2000]),
    );
    clock.set('2030-02-10T00:00:00.000Z');
    await createCreditNote(ctx, (await janInvoice(c1)).id, {
      amountMinor: 5000,
      reason: 'half the month was down',
    });
    expect(await usd()).toMatchObject({
      earnedMinor: 4000,
      cancelledMinor: 1000,
      pendingMinor: 3000,
      approvedMinor: 0,
      balanceMinor: 0,
    });
    const early = await createPayoutRun(ctx, { shadow: true });
    expect(early.items).toEqual([]);
  });

  it('refuses a refund larger than what is left of the invoice, writing nothing', async () => {
    const invoice = await janInvoice(c1);
    const before = await ctx.db.selectFrom('credit_notes').selectAll().execute();
    const res = await call('POST', `/api/v1/invoices/${invoice.id}/credit-notes`, {
      amountMinor: 5001,
      reason: 'too much',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('billing.refund_exceeds_invoice');
    expect(await ctx.db.selectFrom('credit_notes').selectAll().execute()).toEqual(before);
  });

  it('approves after the holding period and carries a balance under the minimum over', async () => {
    clock.set(FEB.end);
    await closePeriod(ctx, FEB);
    clock.set('2030-03-05T00:00:00.000Z');
    expect(await usd()).toMatchObject({ approvedMinor: 3000, pendingMinor: 4000 });
    await setPayoutDetails(ctx, partnerId, {
      method: 'bank_transfer',
      accountHolder: 'Referrer GmbH',
      account: ACCOUNT,
    });
    const offCycle = await call('POST', '/api/v1/payouts/runs', { partnerId });
    expect(offCycle.statusCode).toBe(409);
    expect(offCycle.json().error.code).toBe('billing.payout_below_minimum');
    expect(await ctx.db.selectFrom('payout_runs').selectAll().execute()).toEqual([]);
    const carried = await createPayoutRun(ctx);
    expect(carried.items).toEqual([
      expect.objectContaining({
        partnerId,
        status: 'carried_over',
        reason: 'below_minimum',
        amountMinor: 3000,
      }),
    ]);
    expect((await usd())?.balanceMinor).toBe(3000);
  });

  it('pays once the minimum allows it, with the decrypted details in the payout file only', async () => {
    await setBillingSettings(ctx, { holdingDays: 30, minimumPayouts: { USD: 2000 } });
    const run = await createPayoutRun(ctx);
    expect(run.items).toEqual([
      expect.objectContaining({ partnerId, status: 'paid', reason: null, amountMinor: 3000 }),
    ]);
    expect(await usd()).toMatchObject({ paidMinor: 3000, approvedMinor: 0, balanceMinor: 0 });
    const csv = await call('GET', `/api/v1/payouts/runs/${run.id}/csv`);
    expect(csv.statusCode).toBe(200);
    const [header, row] = csv.body.trim().split('\r\n');
    expect(header).toBe(
      'run_id,partner_id,partner,currency,status,reason,amount_minor,amount,method,account_holder,account,bank,reference',
    );
    expect(row).toBe(
      `${run.id},${partnerId},Referrer,USD,paid,,3000,30.00,bank_transfer,Referrer GmbH,${ACCOUNT},,`,
    );
    const stored = await ctx.db.selectFrom('payout_details').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(ACCOUNT);
    expect(stored[0]?.masked).toBe('••••3000');
    const shown = await call('GET', `/api/v1/partners/${partnerId}/payout-details`);
    expect(shown.body).not.toContain(ACCOUNT);
    // A second run finds nothing approved and unpaid.
    expect((await createPayoutRun(ctx, { shadow: true })).items).toEqual([]);
  });

  it('claws a paid commission back as a negative line on the next statement', async () => {
    clock.set('2030-03-10T00:00:00.000Z');
    await createCreditNote(ctx, (await janInvoice(c2)).id, {
      amountMinor: 10000,
      reason: 'cancelled in the first month',
    });
    clock.set(MAR.end);
    const march = await closePeriod(ctx, MAR);
    const [statement] = march.statements;
    expect(statement?.totalMinor).toBe(2000);
    expect(statement?.lines.map((l) => [l.kind, l.customerId, l.amountMinor])).toEqual([
      ...[c1, c2].sort().map((c) => ['revenue_share', c, 2000]),
      ['clawback', c2, -2000],
    ]);
    expect(statement?.lines[2]?.creditNoteId).toMatch(/^crn_/);
    clock.set('2030-04-02T00:00:00.000Z');
    expect(await usd()).toMatchObject({ clawedBackMinor: 2000, paidMinor: 3000 });
  });

  it('verifies every closed period, payouts and clawbacks included', async () => {
    const periods = (await call('GET', '/api/v1/billing/periods')).json() as { id: string }[];
    expect(periods).toHaveLength(3);
    for (const p of periods) {
      expect(await verifyPeriod(ctx, p.id)).toMatchObject({ matches: true, samePayouts: true });
    }
  });

  it('refuses a commission rule whose effective dates overlap another for the same partner', async () => {
    const res = await call('POST', '/api/v1/commission-rules', {
      partnerId,
      rateBps: 1000,
      effectiveFrom: '2030-06-01T00:00:00.000Z',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('billing.rule_overlap');
    expect(await ctx.db.selectFrom('commission_rules').selectAll().execute()).toHaveLength(1);
  });
});
