import { type RunningServer, startServer } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue #11: the console link carried the owner token in its query string (`/?token=…`), so
 * every access log, proxy log and browser history kept it. The link now carries a one-time
 * sign-in code; the console trades it for a session cookie in a POST body, once (#17: the
 * browser never holds the token).
 */
describe('console sign-in off the query string', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let server: RunningServer;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startServer(ctx, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.app.close();
    await ctx?.dispose();
  });

  const signIn = (code: unknown) =>
    fetch(`${server.url}/api/v1/console/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });

  it('prints a link with a one-time code, not the token', async () => {
    expect(server.consoleUrl).not.toBeNull();
    const link = new URL(server.consoleUrl!);
    expect(link.searchParams.has('token')).toBe(false);
    expect(server.consoleUrl).not.toContain(ctx.ownerToken.slice('qd_owner_'.length));
    const code = link.searchParams.get('signin')!;
    expect(code).toMatch(/^qd_signin_[A-Za-z0-9_-]{32}$/);

    const first = await signIn(code);
    expect(first.status).toBe(201);
    const text = await first.text();
    expect(text).not.toContain(ctx.ownerToken);
    expect((JSON.parse(text) as { principal: { kind: string } }).principal.kind).toBe('owner');
    const cookie = first.headers.get('set-cookie')!.split(';', 1)[0]!;
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
    expect(((await me.json()) as { kind: string }).kind).toBe('owner');

    // Used once: a copy of the link (history, a log) signs nobody in.
    const again = await signIn(code);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'auth.bad_sign_in_code',
    );
  });

  it('refuses a made-up code and a malformed body', async () => {
    const wrong = await signIn(`qd_signin_${'A'.repeat(32)}`);
    expect(wrong.status).toBe(401);
    const bad = await signIn(5);
    expect(bad.status).toBe(400);
  });
});
