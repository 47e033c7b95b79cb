import { createConsoleSignInCode } from '@qudao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, navPaths, startConsole } from './console/console-fixture.ts';

/**
 * Issue #17, sign-in and roles: the console signs in with an httpOnly session cookie (no
 * token in the URL, in storage or readable by script), the owner invites people by role from
 * the Team page, an invitation link signs its person in once, and revoking it signs them out.
 */
describe('console sessions in a browser', () => {
  let f: ConsoleFixture;

  beforeAll(async () => {
    f = await startConsole();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('signs the owner in from the printed link, invites an analyst, and revokes them', async () => {
    const owner = await f.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await owner.addInitScript(`localStorage.setItem('qudao.lang', 'en')`);
    const page = await owner.newPage();
    await page.goto(`${f.base}/?signin=${createConsoleSignInCode(f.ctx)}`);
    await expect.poll(() => page.getByTestId('role').textContent()).toBe('Owner');
    // The code left the address bar; the session is a cookie no script can read.
    expect(page.url()).toBe(`${f.base}/`);
    expect(await page.evaluate('document.cookie')).not.toContain('qudao_session');
    expect(await page.evaluate('JSON.stringify(Object.entries(localStorage))')).not.toContain(
      f.ctx.ownerToken,
    );
    const [cookie] = (await owner.cookies()).filter((c) => c.name === 'qudao_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    await page.getByTestId('nav-group-business').click();
    await page.getByTestId('nav-team').click();
    await page.waitForURL('**/team');
    const form = page.getByTestId('invite-form');
    await form.locator('[name=role]').selectOption('analyst');
    await form.locator('[name=name]').fill('Ana Lin');
    await form.locator('[name=email]').fill('ana@example.com');
    await form.getByRole('button').click();
    const link = page.getByTestId('invitation-link').locator('code');
    await expect.poll(() => link.textContent()).toContain('/join/qdm_');
    const url = (await link.textContent())!;
    const row = page
      .getByTestId('invitations-table')
      .locator('[data-invitation="ana@example.com"]');
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'))
      .toBe('invited');

    // The invitation signs Ana in, as an analyst, once.
    const ana = await f.browser.newContext();
    await ana.addInitScript(`localStorage.setItem('qudao.lang', 'en')`);
    const anaPage = await ana.newPage();
    const forbidden: string[] = [];
    anaPage.on('response', (r) => {
      if (r.status() === 403) forbidden.push(r.url());
    });
    await anaPage.goto(url);
    await expect.poll(() => anaPage.getByTestId('role').textContent()).toBe('Analyst');
    expect(anaPage.url()).toBe(`${f.base}/`);
    expect(await navPaths(anaPage)).not.toContain('/team');
    await anaPage.goto(`${f.base}/plans`);
    await expect.poll(() => anaPage.getByTestId('page-plans').count()).toBe(1);
    expect(forbidden).toEqual([]);

    const again = await f.browser.newPage();
    await again.goto(url);
    await again.getByTestId('token-required').waitFor();
    expect(await again.getByRole('alert').count()).toBe(1);
    await again.close();

    await page.reload();
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'))
      .toBe('accepted');
    await row.getByRole('button', { name: 'Revoke the access of Ana Lin' }).click();
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'))
      .toBe('revoked');
    await anaPage.reload();
    await anaPage.getByTestId('token-required').waitFor();
    await ana.close();

    // Signing out ends the session on the server: a reload stays signed out.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('token-required').waitFor();
    await page.reload();
    await page.getByTestId('token-required').waitFor();
    expect(await f.ctx.db.selectFrom('console_sessions').select('kind').execute()).toEqual([]);
    await owner.close();
  });

  it('refuses a request that carries the cookie but not the CSRF token', async () => {
    const context = await f.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${f.base}/?signin=${createConsoleSignInCode(f.ctx)}`);
    await page.getByTestId('role').waitFor();
    // The cookie alone does not change anything: a request without the session's CSRF token
    // (what a forged form or a script that cannot read the console's state sends) is refused.
    await page.goto(`${f.base}/api/v1/health`);
    const status = await page.evaluate(
      `fetch('/api/v1/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Forged', currency: 'USD', monthlyFeeMinor: 1 }) }).then((r) => r.status)`,
    );
    expect(status).toBe(403);
    expect(
      await f.ctx.db.selectFrom('plans').selectAll().where('name', '=', 'Forged').execute(),
    ).toEqual([]);
    await context.close();
  });
});
