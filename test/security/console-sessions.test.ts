import { buildServer, createCustomer, createPartner } from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue #17: the console signs in with an httpOnly, SameSite=Strict session cookie, and every
 * state-changing request of a session carries the session's CSRF token. The owner invites
 * people by role; an invitation signs its person in once, with a credential nobody sees.
 */
describe('console sessions and invitations', () => {
  const clock = new ManualClock(new Date());
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    app = await buildServer(ctx);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.dispose();
  });

  interface Answer {
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: the JSON of a dozen routes (objects and lists), read field by field
    body: any;
    cookie: string | null;
    setCookie: string | null;
  }
  async function call(
    method: string,
    path: string,
    options: { body?: unknown; cookie?: string; csrf?: string; token?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.cookie) headers.cookie = options.cookie;
    if (options.csrf) headers['x-qudao-csrf'] = options.csrf;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(base + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const setCookie = response.headers.get('set-cookie');
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      setCookie,
      cookie: setCookie ? setCookie.split(';', 1)[0]! : null,
    };
  }
  const session = (body: unknown) => call('POST', '/api/v1/console/session', { body });

  it('sets an httpOnly SameSite=Strict cookie and answers no credential', async () => {
    const signed = await session({ token: ctx.ownerToken });
    expect(signed.status).toBe(201);
    expect(signed.setCookie).toMatch(/^qudao_session=[A-Za-z0-9_-]{43}; /);
    expect(signed.setCookie).toContain('HttpOnly');
    expect(signed.setCookie).toContain('SameSite=Strict');
    expect(signed.setCookie).toContain('Path=/');
    expect(signed.setCookie).toContain('Max-Age=604800');
    expect(JSON.stringify(signed.body)).not.toContain(ctx.ownerToken);
    expect(signed.body.principal).toEqual({ kind: 'owner' });
    expect(signed.body.csrf).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // The table holds neither the credential nor the cookie's secret.
    const rows = await ctx.db.selectFrom('console_sessions').selectAll().execute();
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(ctx.ownerToken);
    expect(stored).not.toContain(signed.cookie!.split('=')[1]!);

    const again = await call('GET', '/api/v1/console/session', { cookie: signed.cookie! });
    expect(again.status).toBe(200);
    expect(again.body.csrf).toBe(signed.body.csrf);
  });

  it('refuses a state-changing request of a session without its CSRF token', async () => {
    const signed = await session({ token: ctx.ownerToken });
    const cookie = signed.cookie!;
    const plan = { name: 'Csrf Plan', currency: 'USD', monthlyFeeMinor: 100 };
    const noToken = await call('POST', '/api/v1/plans', { cookie, body: plan });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('auth.csrf_failed');
    const wrong = await call('POST', '/api/v1/plans', { cookie, csrf: 'x'.repeat(32), body: plan });
    expect(wrong.body.error.code).toBe('auth.csrf_failed');
    // Another session's token is no better.
    const other = await session({ token: ctx.ownerToken });
    const crossed = await call('POST', '/api/v1/plans', {
      cookie,
      csrf: other.body.csrf,
      body: plan,
    });
    expect(crossed.body.error.code).toBe('auth.csrf_failed');
    expect(
      await ctx.db.selectFrom('plans').selectAll().where('name', '=', 'Csrf Plan').execute(),
    ).toEqual([]);

    const made = await call('POST', '/api/v1/plans', {
      cookie,
      csrf: signed.body.csrf,
      body: plan,
    });
    expect(made.status).toBe(201);
    // Reads need no token.
    expect((await call('GET', '/api/v1/plans', { cookie })).status).toBe(200);
  });

  it('signs out: the cookie is cleared and signs nobody in afterwards', async () => {
    const signed = await session({ token: ctx.ownerToken });
    const cookie = signed.cookie!;
    const noCsrf = await call('DELETE', '/api/v1/console/session', { cookie });
    expect(noCsrf.body.error.code).toBe('auth.csrf_failed');
    const out = await call('DELETE', '/api/v1/console/session', { cookie, csrf: signed.body.csrf });
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/^qudao_session=;/);
    const after = await call('GET', '/api/v1/me', { cookie });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('auth.session_ended');
  });

  it('ends when its token is revoked, after a day idle, and after seven days', async () => {
    const created = await call('POST', '/api/v1/access-tokens', {
      token: ctx.ownerToken,
      body: { role: 'analyst', name: 'reader' },
    });
    const signed = await session({ token: created.body.token });
    const cookie = signed.cookie!;
    expect((await call('GET', '/api/v1/me', { cookie })).body.kind).toBe('analyst');
    await call('POST', `/api/v1/access-tokens/${created.body.id}/revoke`, {
      token: ctx.ownerToken,
    });
    expect((await call('GET', '/api/v1/me', { cookie })).body.error.code).toBe(
      'auth.session_ended',
    );

    const idle = (await session({ token: ctx.ownerToken })).cookie!;
    const busy = (await session({ token: ctx.ownerToken })).cookie!;
    for (let hour = 0; hour < 6; hour++) {
      clock.advance(5 * 3_600_000);
      expect((await call('GET', '/api/v1/me', { cookie: busy })).status).toBe(200);
    }
    expect((await call('GET', '/api/v1/me', { cookie: idle })).status).toBe(401);
    clock.advance(6 * 86_400_000);
    for (let day = 0; day < 2; day++) {
      clock.advance(12 * 3_600_000);
      await call('GET', '/api/v1/me', { cookie: busy });
    }
    expect((await call('GET', '/api/v1/me', { cookie: busy })).body.error.code).toBe(
      'auth.session_ended',
    );
  });

  it('refuses a wrong token, an unknown cookie and two ways at once', async () => {
    expect((await session({ token: 'qd_owner_wrong' })).body.error.code).toBe('auth.invalid_key');
    expect((await session({ token: ctx.ownerToken, code: 'qd_signin_x' })).status).toBe(400);
    expect((await session({})).status).toBe(400);
    const unknown = await call('GET', '/api/v1/me', { cookie: `qudao_session=${'A'.repeat(43)}` });
    expect(unknown.body.error.code).toBe('auth.session_ended');
  });

  it('invites by role: an analyst reads, a customer user sees its customer, each once', async () => {
    const partner = await createPartner(ctx, { name: 'Invite Partners' });
    const customer = await createCustomer(ctx, { name: 'Invited Foods', partnerId: partner.id });
    const owner = { token: ctx.ownerToken };
    const analyst = await call('POST', '/api/v1/invitations', {
      ...owner,
      body: { role: 'analyst', name: 'Ana', email: 'Ana@Example.com' },
    });
    expect(analyst.status).toBe(201);
    expect(analyst.body.code).toMatch(/^qdm_/);
    expect(analyst.body.signUpPath).toBe(`/join/${analyst.body.code}`);
    expect(analyst.body.email).toBe('ana@example.com');

    const joined = await session({ invitation: analyst.body.code });
    expect(joined.status).toBe(201);
    expect(joined.body.principal.kind).toBe('analyst');
    expect((await call('GET', '/api/v1/plans', { cookie: joined.cookie! })).status).toBe(200);
    const write = await call('POST', '/api/v1/plans', {
      cookie: joined.cookie!,
      csrf: joined.body.csrf,
      body: { name: 'Analyst Plan', currency: 'USD', monthlyFeeMinor: 1 },
    });
    expect(write.body.error.code).toBe('auth.forbidden');
    expect((await session({ invitation: analyst.body.code })).body.error.code).toBe(
      'auth.invitation_not_found',
    );

    const user = await call('POST', '/api/v1/invitations', {
      ...owner,
      body: { role: 'customer', name: 'Chen', email: 'chen@example.com', customerId: customer.id },
    });
    const customerSession = await session({ invitation: user.body.code });
    expect(customerSession.body.principal).toMatchObject({
      kind: 'customer',
      customerId: customer.id,
      partnerId: partner.id,
    });
    const other = await createCustomer(ctx, { name: 'Other Foods' });
    const theirs = await call('GET', `/api/v1/customers/${other.id}/keys`, {
      cookie: customerSession.cookie!,
    });
    expect(theirs.status).toBe(404);

    const listed = await call('GET', '/api/v1/invitations', owner);
    expect(listed.body.map((i: { status: string }) => i.status)).toEqual(['accepted', 'accepted']);

    // Revoking the acceptance revokes its credential: the session ends at once.
    const revoked = await call('POST', `/api/v1/invitations/${user.body.id}/revoke`, owner);
    expect(revoked.body.status).toBe('revoked');
    const ended = await call('GET', '/api/v1/me', { cookie: customerSession.cookie! });
    expect(ended.body.error.code).toBe('auth.session_ended');
  });

  it('lets only the owner invite admins, and refuses customer ids on staff roles', async () => {
    const admin = await call('POST', '/api/v1/access-tokens', {
      token: ctx.ownerToken,
      body: { role: 'admin', name: 'ops' },
    });
    const byAdmin = await call('POST', '/api/v1/invitations', {
      token: admin.body.token,
      body: { role: 'admin', name: 'Second', email: 'second@example.com' },
    });
    expect(byAdmin.body.error.code).toBe('auth.admin_by_owner_only');
    const analystByAdmin = await call('POST', '/api/v1/invitations', {
      token: admin.body.token,
      body: { role: 'analyst', name: 'Third', email: 'third@example.com', customerId: 'cus_x' },
    });
    expect(analystByAdmin.body.error.code).toBe('auth.invitation_customer');
    const customerWithout = await call('POST', '/api/v1/invitations', {
      token: ctx.ownerToken,
      body: { role: 'customer', name: 'Nobody', email: 'n@example.com' },
    });
    expect(customerWithout.body.error.code).toBe('auth.invitation_customer');

    // An expired invitation signs nobody in.
    const late = await call('POST', '/api/v1/invitations', {
      token: ctx.ownerToken,
      body: { role: 'analyst', name: 'Late', email: 'late@example.com' },
    });
    clock.advance(15 * 86_400_000);
    expect((await session({ invitation: late.body.code })).body.error.code).toBe(
      'auth.invitation_not_found',
    );
    const listed = await call('GET', '/api/v1/invitations', { token: ctx.ownerToken });
    expect(listed.body.find((i: { id: string }) => i.id === late.body.id).status).toBe('expired');
  });
});
