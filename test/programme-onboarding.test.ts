import { buildServer, listPartnerEvents } from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APPLICATION = {
  company: 'Globex Ltd.',
  contactName: 'Hank Scorpio',
  contactEmail: 'Hank@globex.example',
  regions: ['EMEA'],
  industries: ['retail'],
  model: 'wholesale',
  currency: 'EUR',
};

/**
 * Onboarding over HTTP: a public application, one per company; the applicant reads only its own
 * (with its token); the owner asks for more, the applicant answers, the owner approves (the
 * partner is made with the application's model and currency); the applicant accepts the current
 * terms (version, who, when) and gets its manager's token; every step is in the audit trail.
 */
describe('partner onboarding', () => {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let id: string;
  let token: string;
  const anon = (method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const staff = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ctx.ownerToken}` },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    app = await buildServer(ctx);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  it('takes an application without credentials and refuses a second one for the company', async () => {
    const res = await anon('POST', '/api/v1/partner-applications', APPLICATION);
    expect(res.statusCode).toBe(201);
    ({ token } = res.json());
    id = res.json().application.id;
    expect(res.json().application).toMatchObject({ status: 'submitted', model: 'wholesale' });
    expect(token).toMatch(/^qda_/);
    const again = await anon('POST', '/api/v1/partner-applications', {
      ...APPLICATION,
      company: 'GLOBEX ltd',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('programme.application_exists');
    expect(await ctx.db.selectFrom('partner_applications').selectAll().execute()).toHaveLength(1);
  });

  it("shows the applicant its own application only, and another applicant's never", async () => {
    const mine = await anon('GET', `/api/v1/partner-applications/${id}`, undefined, {
      'x-application-token': token,
    });
    expect(mine.json()).toMatchObject({ id, company: 'Globex Ltd.' });
    const other = await anon('POST', '/api/v1/partner-applications', {
      ...APPLICATION,
      company: 'Initech',
    });
    const foreign = await anon('GET', `/api/v1/partner-applications/${id}`, undefined, {
      'x-application-token': other.json().token,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Globex');
    const none = await anon('GET', `/api/v1/partner-applications/${id}`);
    expect(none.statusCode).toBe(404);
    const list = await anon('GET', '/api/v1/partner-applications');
    expect(list.statusCode).toBe(401);
  });

  it('goes through review: more information, the reply, approval', async () => {
    const asked = await staff('POST', `/api/v1/partner-applications/${id}/request-info`, {
      question: 'Which countries do you cover?',
    });
    expect(asked.json().status).toBe('info_requested');
    const early = await staff('POST', `/api/v1/partner-applications/${id}/approve`, {});
    expect(early.json().error.code).toBe('programme.application_bad_step');
    const replied = await anon('POST', `/api/v1/partner-applications/${id}/reply`, {
      token,
      reply: 'Germany and Austria',
    });
    expect(replied.json()).toMatchObject({ status: 'submitted', reply: 'Germany and Austria' });
    const approved = await staff('POST', `/api/v1/partner-applications/${id}/approve`, {
      tier: 'silver',
    });
    expect(approved.json().status).toBe('approved');
    const partner = await staff('GET', `/api/v1/partners/${approved.json().partnerId}`);
    expect(partner.json()).toMatchObject({
      name: 'Globex Ltd.',
      model: 'wholesale',
      currency: 'EUR',
      tier: 'silver',
    });
  });

  it('onboards once the applicant accepts the current terms; the manager token works', async () => {
    const none = await anon('POST', `/api/v1/partner-applications/${id}/accept-terms`, {
      token,
      version: '2030-01',
      acceptedBy: 'Hank Scorpio, CEO',
    });
    expect(none.json().error.code).toBe('channels.no_terms');
    await staff('POST', '/api/v1/programme/terms', {
      version: '2030-01',
      text: 'The partner programme terms, version one.',
    });
    expect((await anon('GET', '/api/v1/programme/terms/current')).json().version).toBe('2030-01');
    clock.advance(60_000);
    const done = await anon('POST', `/api/v1/partner-applications/${id}/accept-terms`, {
      token,
      version: '2030-01',
      acceptedBy: 'Hank Scorpio, CEO',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      application: { status: 'onboarded' },
      terms: {
        version: '2030-01',
        acceptedBy: 'Hank Scorpio, CEO',
        at: '2030-01-01T00:01:00.000Z',
      },
    });
    const partnerId = done.json().application.partnerId;
    const me = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${done.json().manager.token}` },
    });
    expect(me.json()).toMatchObject({ kind: 'partner', partnerId });
    // The manager invites by role; a sales user may not invite.
    const manager = { authorization: `Bearer ${done.json().manager.token}` };
    const invited = await app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/users`,
      headers: manager,
      payload: { email: 'sam@globex.example', name: 'Sam', role: 'sales' },
    });
    expect(invited.statusCode).toBe(201);
    const accepted = await anon('POST', '/api/v1/partner-invitations/accept', {
      code: invited.json().code,
    });
    expect(accepted.json().user).toMatchObject({ role: 'sales', status: 'active' });
    const twice = await anon('POST', '/api/v1/partner-invitations/accept', {
      code: invited.json().code,
    });
    expect(twice.statusCode).toBe(404);
    const bySales = await app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/users`,
      headers: { authorization: `Bearer ${accepted.json().token.token}` },
      payload: { email: 'eve@globex.example', name: 'Eve', role: 'manager' },
    });
    expect(bySales.statusCode).toBe(403);
    expect(bySales.json().error.code).toBe('auth.partner_manager_only');
    const trail = await listPartnerEvents(ctx, { subjectId: id });
    expect(trail.map((e) => e.action).sort()).toEqual(
      [
        'application_submitted',
        'application_info_requested',
        'application_replied',
        'application_approved',
        'application_onboarded',
      ].sort(),
    );
  });
});
