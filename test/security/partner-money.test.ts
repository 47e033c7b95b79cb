import { afterEach, describe, expect, it } from 'vitest';
import { type Caller, errorOf, securityServer, stubEndpoint } from './fixtures.ts';

const FEBRUARY = { start: '2030-02-01T00:00:00.000Z', end: '2030-03-01T00:00:00.000Z' };
const MARCH = { start: '2030-03-01T00:00:00.000Z', end: '2030-04-01T00:00:00.000Z' };

/**
 * Issue #11, "Partners can move money and KPIs": a partner, with its own real token over HTTP,
 * tries to earn money or move KPIs through the fields it writes. Dates that move money or KPIs
 * are the server's clock for partners; staff may backdate (imports of history), never into a
 * closed billing period and never past the object's own history or the clock (docs/security.md).
 */
describe('security: partners cannot move money or KPIs', () => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  /** A gold partner with a customer, a sold product and February 2030 closed; now is March 10. */
  async function business(start = '2030-03-10T09:00:00.000Z') {
    const s = await securityServer(start);
    dispose = s.dispose;
    const { owner, ctx } = s;
    await stubEndpoint(ctx, 'vision', '2030-01-01T00:00:00.000Z');
    const plan = (
      await owner.post('/api/v1/plans', {
        name: 'Standard',
        currency: 'USD',
        monthlyFeeMinor: 1000,
      })
    ).json();
    const product = (
      await owner.post('/api/v1/products', { name: 'Vision', endpoint: 'vision', plan: plan.id })
    ).json();
    const partner = (
      await owner.post('/api/v1/partners', { name: 'Reseller', tier: 'gold' })
    ).json();
    await owner.post('/api/v1/commission-rules', {
      tier: 'gold',
      firstYearBps: 2000,
      renewalBps: 1000,
      bountyMinor: 50_000,
    });
    const token = (
      await owner.post('/api/v1/access-tokens', {
        role: 'partner',
        name: 'reseller',
        partnerId: partner.id,
      })
    ).json().token as string;
    const customer = (
      await owner.post('/api/v1/customers', {
        name: 'Acme',
        partnerId: partner.id,
        since: '2029-06-01T00:00:00.000Z',
      })
    ).json();
    expect(
      (
        await owner.post(`/api/v1/customers/${customer.id}/subscriptions`, {
          productId: product.id,
          startedAt: '2030-01-01T00:00:00.000Z',
        })
      ).statusCode,
    ).toBe(201);
    return {
      ...s,
      partnerId: partner.id as string,
      customerId: customer.id as string,
      product,
      partner: s.as(token),
    };
  }

  async function close(owner: Caller, period: { start: string; end: string }) {
    const res = await owner.post('/api/v1/billing/periods', period);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().periodId as string;
  }

  async function verifies(owner: Caller, periodId: string) {
    return (await owner.get(`/api/v1/billing/periods/${periodId}/verify`)).json().matches;
  }

  /** A deal of the partner at `proposal`, its registration approved (or left pending). */
  async function proposal(s: Awaited<ReturnType<typeof business>>, approve = true) {
    const { partner } = s;
    const deal = (await partner.post('/api/v1/deals', { company: `Co ${Math.random()}` })).json();
    if (approve) await s.owner.post(`/api/v1/deals/${deal.id}/approve`);
    for (const stage of ['qualified', 'proposal']) {
      expect((await partner.post(`/api/v1/deals/${deal.id}/stage`, { stage })).statusCode).toBe(
        200,
      );
    }
    return deal.id as string;
  }

  it('pays no bounty on a won deal whose registration the owner rejected', async () => {
    const s = await business();
    const partner = s.partner;
    const kept = (await partner.post('/api/v1/deals', { company: 'Kept Co' })).json();
    const refused = (await partner.post('/api/v1/deals', { company: 'Refused Co' })).json();
    expect(refused.registration).toBe('pending');
    await s.owner.post(`/api/v1/deals/${kept.id}/approve`);
    expect((await s.owner.post(`/api/v1/deals/${refused.id}/reject`)).json().registration).toBe(
      'rejected',
    );
    for (const id of [kept.id, refused.id]) {
      for (const stage of ['qualified', 'proposal', 'won']) {
        expect((await partner.post(`/api/v1/deals/${id}/stage`, { stage })).statusCode).toBe(200);
      }
    }
    s.clock.set('2030-04-02T00:00:00.000Z');
    await close(s.owner, MARCH);
    const [statement] = (await partner.get('/api/v1/commission-statements')).json();
    const bounties = statement.lines.filter((l: { kind: string }) => l.kind === 'bounty');
    expect(bounties.map((l: { dealId: string }) => l.dealId)).toEqual([kept.id]);
    expect(bounties[0].amountMinor).toBe(50_000);
  });

  it("does not let a partner date a won deal into a closed period, and keeps the period's check", async () => {
    const s = await business();
    // A January deal of the partner, imported by staff with its history.
    const deal = (
      await s.owner.post('/api/v1/deals', {
        company: 'Globex',
        partnerId: s.partnerId,
        createdAt: '2030-01-10T00:00:00.000Z',
      })
    ).json().id;
    await s.owner.post(`/api/v1/deals/${deal}/approve`);
    for (const [stage, at] of [
      ['qualified', '2030-01-12T00:00:00.000Z'],
      ['proposal', '2030-01-14T00:00:00.000Z'],
    ]) {
      expect((await s.owner.post(`/api/v1/deals/${deal}/stage`, { stage, at })).statusCode).toBe(
        200,
      );
    }
    const february = await close(s.owner, FEBRUARY);
    const backdate = { stage: 'won', at: '2030-02-15T00:00:00.000Z' };
    expect(errorOf(await s.partner.post(`/api/v1/deals/${deal}/stage`, backdate), 403)).toBe(
      'request.field_staff_only',
    );
    // Staff may date history (imports), but never into a closed period, before the deal's own
    // last stage or after now.
    expect(errorOf(await s.owner.post(`/api/v1/deals/${deal}/stage`, backdate), 409)).toBe(
      'request.date_in_closed_period',
    );
    const early = { stage: 'won', at: '2030-01-13T00:00:00.000Z' };
    expect(errorOf(await s.owner.post(`/api/v1/deals/${deal}/stage`, early), 400)).toBe(
      'request.date_before_history',
    );
    const later = { stage: 'won', at: '2030-03-11T00:00:00.000Z' };
    expect(errorOf(await s.owner.post(`/api/v1/deals/${deal}/stage`, later), 400)).toBe(
      'request.date_in_future',
    );
    expect((await s.owner.get(`/api/v1/deals/${deal}`)).json().stage).toBe('proposal');
    expect(await verifies(s.owner, february)).toBe(true);
    const won = (await s.partner.post(`/api/v1/deals/${deal}/stage`, { stage: 'won' })).json();
    expect(won.closedAt).toBe('2030-03-10T09:00:00.000Z');
    expect(await verifies(s.owner, february)).toBe(true);
  });

  it('refuses a CRM import row dated into a closed period, writing nothing', async () => {
    const s = await business();
    await close(s.owner, FEBRUARY);
    const csv =
      'Opportunity Name,Partner,Stage,Created Date,Close Date\nOld Co,Reseller,Closed Won,2030-01-05,2030-02-10\nNew Co,Reseller,Closed Won,2030-03-01,2030-03-05\n';
    const res = await s.owner.post('/api/v1/imports/crm', { kind: 'deals', csv });
    expect(errorOf(res, 400)).toBe('imports.invalid_rows');
    const [problem, ...more] = res.json().error.details.errors;
    expect(more).toEqual([]);
    expect(problem.row).toBe(2);
    expect(problem.message).toContain('closed billing period');
    expect((await s.owner.get('/api/v1/deals')).json()).toEqual([]);
  });

  it('does not let a partner accept a lead the owner already won (and take its bounty)', async () => {
    const s = await business();
    const lead = (await s.owner.post('/api/v1/deals', { company: 'Initech' })).json().id;
    await s.owner.post(`/api/v1/deals/${lead}/offer`, { partnerId: s.partnerId });
    for (const stage of ['qualified', 'proposal', 'won']) {
      await s.owner.post(`/api/v1/deals/${lead}/stage`, { stage });
    }
    expect(errorOf(await s.partner.post(`/api/v1/deals/${lead}/accept`), 409)).toBe(
      'deals.offer_lapsed',
    );
    s.clock.set('2030-04-02T00:00:00.000Z');
    await close(s.owner, MARCH);
    const [statement] = (await s.partner.get('/api/v1/commission-statements')).json();
    expect(statement.lines.map((l: { kind: string }) => l.kind)).toEqual(['revenue_share']);
  });

  it('refuses to approve a registration won inside a closed period (it would change the statement)', async () => {
    const s = await business('2030-02-20T00:00:00.000Z');
    const deal = await proposal(s, false);
    await s.partner.post(`/api/v1/deals/${deal}/stage`, { stage: 'won' });
    s.clock.set('2030-03-10T09:00:00.000Z');
    const february = await close(s.owner, FEBRUARY);
    expect(errorOf(await s.owner.post(`/api/v1/deals/${deal}/approve`), 409)).toBe(
      'request.date_in_closed_period',
    );
    expect(await verifies(s.owner, february)).toBe(true);
  });

  it("sets a partner's new customer's start on the server clock (no first-year rates for ever)", async () => {
    const s = await business();
    const future = { name: 'Forever Co', since: '2099-01-01T00:00:00.000Z' };
    expect(errorOf(await s.partner.post('/api/v1/customers', future), 403)).toBe(
      'request.field_staff_only',
    );
    const past = { name: 'Past Co', since: '2020-01-01T00:00:00.000Z' };
    expect(errorOf(await s.partner.post('/api/v1/customers', past), 403)).toBe(
      'request.field_staff_only',
    );
    const made = (await s.partner.post('/api/v1/customers', { name: 'Clock Co' })).json();
    expect(made.since).toBe('2030-03-10T09:00:00.000Z');
    expect(errorOf(await s.owner.post('/api/v1/customers', future), 400)).toBe(
      'request.date_in_future',
    );
    const imported = (await s.owner.post('/api/v1/customers', past)).json();
    expect(imported.since).toBe('2020-01-01T00:00:00.000Z');
    const names = (await s.owner.get('/api/v1/customers'))
      .json()
      .map((c: { name: string }) => c.name);
    expect(names).not.toContain('Forever Co');
  });

  it("does not let a partner backdate a subscription into a closed period's invoices", async () => {
    const s = await business();
    const february = await close(s.owner, FEBRUARY);
    const customer = (await s.partner.post('/api/v1/customers', { name: 'New Co' })).json();
    const url = `/api/v1/customers/${customer.id}/subscriptions`;
    const backdated = { productId: s.product.id, startedAt: '2030-02-01T00:00:00.000Z' };
    expect(errorOf(await s.partner.post(url, backdated), 403)).toBe('request.field_staff_only');
    expect(errorOf(await s.owner.post(url, backdated), 409)).toBe('request.date_in_closed_period');
    const sub = (await s.partner.post(url, { productId: s.product.id })).json();
    expect(sub.startedAt).toBe('2030-03-10T09:00:00.000Z');
    expect(await verifies(s.owner, february)).toBe(true);
  });

  it('lets only the customer or staff post its satisfaction scores; a partner posts complaints', async () => {
    const s = await business();
    const key = (await s.owner.post(`/api/v1/customers/${s.customerId}/keys`, {})).json().key;
    const customer = s.as(key);
    for (const score of [
      { kind: 'csat', score: 5 },
      { kind: 'nps', score: 10 },
    ]) {
      expect(
        errorOf(
          await s.partner.post('/api/v1/feedback', { ...score, customerId: s.customerId }),
          403,
        ),
      ).toBe('feedback.score_by_customer_only');
      expect((await customer.post('/api/v1/feedback', score)).statusCode).toBe(201);
      expect(
        (await s.owner.post('/api/v1/feedback', { ...score, customerId: s.customerId })).statusCode,
      ).toBe(201);
    }
    const complaint = {
      kind: 'complaint',
      text: 'slow',
      customerId: s.customerId,
      createdAt: '2030-01-05T00:00:00.000Z',
    };
    expect(errorOf(await s.partner.post('/api/v1/feedback', complaint), 403)).toBe(
      'request.field_staff_only',
    );
    expect(
      errorOf(
        await customer.post('/api/v1/feedback', {
          kind: 'csat',
          score: 5,
          createdAt: complaint.createdAt,
        }),
        403,
      ),
    ).toBe('request.field_staff_only');
    const { createdAt: _, ...onClock } = complaint;
    const posted = await s.partner.post('/api/v1/feedback', onClock);
    expect(posted.statusCode).toBe(201);
    expect(posted.json().createdAt).toBe('2030-03-10T09:00:00.000Z');
    const scores = (await s.owner.get('/api/v1/feedback'))
      .json()
      .filter((f: { kind: string }) => f.kind !== 'complaint');
    expect(scores).toHaveLength(4);
  });

  it('resolves a complaint no earlier than it was opened and no later than now', async () => {
    const s = await business();
    const complaint = (
      await s.partner.post('/api/v1/feedback', {
        kind: 'complaint',
        text: 'down',
        customerId: s.customerId,
      })
    ).json();
    const url = `/api/v1/feedback/${complaint.id}/resolve`;
    expect(errorOf(await s.partner.post(url, { at: '2030-01-01T00:00:00.000Z' }), 403)).toBe(
      'request.field_staff_only',
    );
    expect(errorOf(await s.owner.post(url, { at: '2030-03-10T08:00:00.000Z' }), 400)).toBe(
      'request.date_before_history',
    );
    expect(errorOf(await s.owner.post(url, { at: '2030-03-12T00:00:00.000Z' }), 400)).toBe(
      'request.date_in_future',
    );
    s.clock.advance(3 * 3_600_000);
    const resolved = (await s.partner.post(url)).json();
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2030-03-10T12:00:00.000Z' });
    const report = (await s.owner.get('/api/v1/reports/channels?period=mtd')).json();
    expect(report.customerRelations.meanResolutionHours).toBe(3);
  });

  it("keeps admins from revoking another admin's token (only the owner does)", async () => {
    const s = await business();
    const admin = (
      await s.owner.post('/api/v1/access-tokens', { role: 'admin', name: 'a' })
    ).json();
    const other = (
      await s.owner.post('/api/v1/access-tokens', { role: 'admin', name: 'b' })
    ).json();
    const res = await s.as(admin.token).post(`/api/v1/access-tokens/${other.id}/revoke`);
    expect(errorOf(res, 403)).toBe('auth.admin_by_owner_only');
    expect((await s.as(other.token).get('/api/v1/me')).json()).toMatchObject({ kind: 'admin' });
  });
});
