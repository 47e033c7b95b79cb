import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, navPaths, signIn, startConsole } from './console/console-fixture.ts';

/**
 * The business side of the console in a real Chromium: a partner applies on the public page and
 * the owner reviews it; the deal pipeline (drag and drop, keyboard moves, registrations, offers);
 * period close in shadow then for real; the partner's programme page (earnings, tier, MDF).
 */
describe('console business journeys', () => {
  let f: ConsoleFixture;
  const partners: Record<string, { id: string; token: string }> = {};

  /** The API as the owner (or `token`), for what a journey needs set up around it. */
  async function api<T>(method: string, url: string, payload?: unknown, token?: string) {
    const reply = await f.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token ?? f.ctx.ownerToken}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.body}`);
    return reply.json() as T;
  }

  async function makePartner(name: string) {
    const partner = await api<{ id: string }>('POST', '/api/v1/partners', {
      name,
      regions: ['APAC'],
    });
    const created = await api<{ token: string }>('POST', '/api/v1/access-tokens', {
      role: 'partner',
      name,
      partnerId: partner.id,
    });
    partners[name] = { id: partner.id, token: created.token };
  }

  /** A visitor without credentials. */
  async function visit(path: string): Promise<Page> {
    const context = await f.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`localStorage.setItem('qudao.lang', 'en')`);
    const page = await context.newPage();
    await page.goto(`${f.base}${path}`);
    return page;
  }

  const deal = (company: string) =>
    f.ctx.db.selectFrom('deals').selectAll().where('company', '=', company).execute();

  beforeAll(async () => {
    f = await startConsole();
    await makePartner('Lotus Partners');
    await makePartner('Cedar Partners');
  });
  afterAll(async () => {
    await f?.close();
  });

  it('an applicant applies on /apply, the owner asks, approves, and the applicant is onboarded', async () => {
    const applicant = await visit('/apply');
    const form = applicant.getByTestId('apply-form');
    await form.locator('[name=company]').fill('Jade River Tech');
    await form.locator('[name=contactName]').fill('Li Wei');
    await form.locator('[name=contactEmail]').fill('li.wei@jade-river.example');
    await form.locator('[name=regions]').fill('APAC, EU');
    await form.locator('[name=industries]').fill('retail');
    await form.getByRole('button').click();
    const received = applicant.getByTestId('application-received');
    await received.waitFor();
    const applicationId = (await applicant.getByTestId('application-id').textContent()) ?? '';
    expect(await applicant.getByTestId('applicant-token').textContent()).toMatch(/^qda_/);
    const [stored] = await f.ctx.db
      .selectFrom('partner_applications')
      .selectAll()
      .where('id', '=', applicationId)
      .execute();
    expect(stored?.status).toBe('submitted');
    expect(JSON.parse(stored!.regions_json)).toEqual(['APAC', 'EU']);

    // The same company again: refused with the sentence for its code, nothing written.
    const again = await visit('/apply');
    const second = again.getByTestId('apply-form');
    await second.locator('[name=company]').fill('JADE RIVER tech');
    await second.locator('[name=contactName]').fill('Someone');
    await second.locator('[name=contactEmail]').fill('someone@example.com');
    await second.locator('[name=regions]').fill('EU');
    await second.getByRole('button').click();
    const refusal = second.getByTestId('error-box');
    await expect.poll(() => refusal.getAttribute('data-code')).toBe('programme.application_exists');
    await expect.poll(() => refusal.textContent()).toContain('already applied');
    await again.context().close();

    await received.getByRole('link').click();
    const status = applicant.getByTestId('application-status');
    await expect
      .poll(() => status.locator('[data-status]').getAttribute('data-status'))
      .toBe('submitted');

    const owner = await signIn(f, f.ctx.ownerToken, { path: '/applications' });
    const row = owner.page.locator('[data-application="Jade River Tech"]');
    await row.getByRole('link').click();
    await owner.page.waitForURL(`**/applications/${applicationId}`);
    const detail = owner.page.getByTestId('application-detail');
    await owner.page.locator('[name=question]').fill('Which models would you resell first?');
    await owner.page.getByRole('button', { name: 'Ask for more' }).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('info_requested');

    await applicant.reload();
    const reply = applicant.getByTestId('reply-form');
    await expect.poll(() => reply.textContent()).toContain('Which models would you resell first?');
    await reply.locator('[name=reply]').fill('The digit recogniser, for retail receipts.');
    await reply.getByRole('button').click();
    await expect
      .poll(() => status.locator('[data-status]').getAttribute('data-status'))
      .toBe('submitted');

    await owner.page.reload();
    await owner.page.locator('[name=tier]').selectOption('silver');
    await owner.page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('approved');
    const trail = owner.page.getByTestId('application-trail').locator('li');
    await expect
      .poll(() => trail.evaluateAll((items) => items.map((li) => li.getAttribute('data-action'))))
      .toEqual([
        'application_submitted',
        'application_info_requested',
        'application_replied',
        'application_approved',
      ]);
    const [partner] = await f.ctx.db
      .selectFrom('partners')
      .selectAll()
      .where('name', '=', 'Jade River Tech')
      .execute();
    expect(partner?.tier).toBe('silver');
    expect(owner.forbidden).toEqual([]);
    await owner.page.context().close();

    // The applicant accepts the published terms and signs in as the partner's manager.
    await api('POST', '/api/v1/programme/terms', {
      version: '2026-1',
      text: 'Partners sell Qudao models under these terms.',
    });
    await applicant.reload();
    const terms = applicant.getByTestId('terms-form');
    await terms.getByRole('button').click();
    const token = (await applicant.getByTestId('manager-token').textContent()) ?? '';
    expect(token.length).toBeGreaterThan(20);
    await applicant.context().close();
    const manager = await signIn(f, token);
    await manager.page.getByTestId('page-portal').waitFor();
    expect(await navPaths(manager.page)).toContain('/portal/programme');
    await manager.page.context().close();
  });

  it('the owner drags a deal to the next stage, moves one by keyboard, approves, and offers a lead', async () => {
    // Two partners register the same company: the second one conflicts with the first.
    const first = await api<{ id: string }>(
      'POST',
      '/api/v1/deals',
      { company: 'Globex Ltd.', valueMinor: 500000, currency: 'USD' },
      partners['Lotus Partners']!.token,
    );
    const second = await api<{ id: string; conflictDealId: string }>(
      'POST',
      '/api/v1/deals',
      { company: 'GLOBEX ltd', valueMinor: 300000, currency: 'USD' },
      partners['Cedar Partners']!.token,
    );
    expect(second.conflictDealId).toBe(first.id);

    const s = await signIn(f, f.ctx.ownerToken, { path: '/deals' });
    const { page } = s;
    const lead = page.getByTestId('lead-form');
    await lead.locator('[name=company]').fill('Orchid Labs');
    await lead.locator('[name=value]').fill('8000');
    await lead.getByRole('button').click();
    const board = page.getByTestId('deal-board');
    const card = board.locator('[data-deal="Orchid Labs"]');
    await expect.poll(() => card.getAttribute('data-stage')).toBe('lead');

    // HTML5 drag and drop onto the next column; the server keeps it.
    await card.locator('h3').dragTo(board.locator('[data-column=qualified]'));
    await expect.poll(async () => (await deal('Orchid Labs'))[0]?.stage).toBe('qualified');
    await expect.poll(() => card.getAttribute('data-stage')).toBe('qualified');
    // A column it may not go to takes nothing.
    await card.locator('h3').dragTo(board.locator('[data-column=won]'));
    // Given time to reach the server, had it been sent.
    await page.waitForTimeout(500);
    expect((await deal('Orchid Labs'))[0]?.stage).toBe('qualified');

    // The keyboard way: the card's "Move to" list.
    const moveTo = card.getByLabel('Move Orchid Labs to');
    await moveTo.focus();
    await moveTo.selectOption('proposal');
    await expect.poll(async () => (await deal('Orchid Labs'))[0]?.stage).toBe('proposal');
    await expect.poll(() => page.getByTestId('board-announce').textContent()).toContain('Proposal');

    // The conflict is shown on the second registration's card, naming the first.
    const conflicted = board.locator(`[data-deal-id="${second.id}"]`);
    await expect
      .poll(() => conflicted.getByTestId('deal-conflict').textContent())
      .toContain('Lotus Partners');
    await board
      .locator(`[data-deal-id="${first.id}"]`)
      .getByRole('button', { name: 'Approve' })
      .click();
    await expect
      .poll(
        async () =>
          (
            await f.ctx.db
              .selectFrom('deals')
              .select('registration')
              .where('id', '=', first.id)
              .executeTakeFirst()
          )?.registration,
      )
      .toBe('approved');
    await conflicted.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => conflicted.getByTestId('error-box').getAttribute('data-code'))
      .toBe('deals.registration_conflict');

    // Lead distribution: offer the direct lead to a partner.
    await card
      .getByLabel('Offer Orchid Labs to a partner')
      .selectOption({ label: 'Cedar Partners' });
    await card.getByRole('button', { name: 'Offer' }).click();
    await expect.poll(async () => (await deal('Orchid Labs'))[0]?.registration).toBe('offered');

    // Each deal has its own page: its facts and its history.
    await board.locator(`[data-deal-id="${first.id}"] h3 a`).click();
    await page.waitForURL(`**/deals/${first.id}`);
    const history = page.getByTestId('deal-history').locator('li');
    await expect
      .poll(() => history.evaluateAll((items) => items.map((li) => li.getAttribute('data-action'))))
      .toEqual(['registration_approved']);
    await expect
      .poll(() => page.getByTestId('deal-facts').textContent())
      .toContain('Lotus Partners');
    expect(s.forbidden).toEqual([]);
    await page.context().close();

    // The partner accepts it and moves it on from its own board.
    const p = await signIn(f, partners['Cedar Partners']!.token, { path: '/portal/deals' });
    const offered = p.page.getByTestId('portal-deal-board').locator('[data-deal="Orchid Labs"]');
    expect(await offered.getByLabel('Move Orchid Labs to').count()).toBe(0);
    await offered.getByRole('button', { name: 'Accept Orchid Labs' }).click();
    await expect.poll(async () => (await deal('Orchid Labs'))[0]?.registration).toBe('approved');
    await offered.getByLabel('Move Orchid Labs to').selectOption('won');
    await expect.poll(async () => (await deal('Orchid Labs'))[0]?.stage).toBe('won');
    await offered.locator('h3 a').click();
    await p.page.waitForURL('**/portal/deals/*');
    await expect
      .poll(() => p.page.getByTestId('deal-facts').getAttribute('data-stage'))
      .toBe('won');
    await expect
      .poll(() => p.page.getByTestId('deal-history').textContent())
      .toContain('Offered lead accepted');
    expect(p.forbidden).toEqual([]);
    await p.page.context().close();
  });

  it('closes last month in shadow, then for real, and shows its invoices and statements', async () => {
    const now = new Date();
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const during = new Date(start.getTime() + 2 * 86_400_000).toISOString();
    const plan = await api<{ id: string }>('POST', '/api/v1/plans', {
      name: 'Team',
      currency: 'USD',
      monthlyFeeMinor: 25000,
    });
    const product = await api<{ id: string }>('POST', '/api/v1/products', {
      name: 'Iris Team',
      endpoint: 'iris',
      plan: plan.id,
    });
    // Long enough that last month's commission is still pending whatever the day of the month.
    await api('PUT', '/api/v1/billing/settings', { holdingDays: 60, minimumPayouts: {} });
    await api('POST', '/api/v1/commission-rules', {
      tier: 'registered',
      rateBps: 2000,
      currency: 'USD',
    });
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', {
      name: 'Harbor Foods',
      partnerId: partners['Lotus Partners']!.id,
      since: during,
    });
    await api('POST', `/api/v1/customers/${customer.id}/subscriptions`, {
      productId: product.id,
      startedAt: during,
    });

    const s = await signIn(f, f.ctx.ownerToken, { path: '/billing' });
    const { page } = s;
    const close = page.getByTestId('period-close');
    expect(await close.locator('[name=start]').inputValue()).toBe(start.toISOString().slice(0, 10));
    expect(await page.getByTestId('real-close').isDisabled()).toBe(true);
    await page.getByTestId('shadow-close').click();
    const shadow = page.getByTestId('shadow-result');
    await expect
      .poll(() => shadow.getByTestId('draft-invoices').textContent())
      .toContain('Harbor Foods');
    await expect
      .poll(() => shadow.getByTestId('draft-invoices').textContent())
      .toContain('$250.00');
    // 20% of 250.00 to the customer's partner.
    await expect
      .poll(() => shadow.getByTestId('draft-statements').textContent())
      .toContain('$50.00');
    expect(await f.ctx.db.selectFrom('billing_periods').selectAll().execute()).toEqual([]);

    await page.getByTestId('real-close').click();
    await page.getByTestId('close-result').waitFor();
    const periods = await f.ctx.db.selectFrom('billing_periods').selectAll().execute();
    expect(periods).toHaveLength(1);
    const invoices = await f.ctx.db.selectFrom('invoices').selectAll().execute();
    expect(invoices.map((i) => i.total_minor)).toEqual([25000]);
    const listed = page.getByTestId('period-invoices');
    await expect.poll(() => listed.textContent()).toContain('Harbor Foods');
    await expect
      .poll(() => page.getByTestId('period-statements').textContent())
      .toContain('Lotus Partners');
    // The form moves on to the next period; closing the same one again is refused.
    expect(await close.locator('[name=start]').inputValue()).toBe(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10),
    );

    await page.getByTestId('periods-table').getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(() => page.getByTestId('verify-result').textContent())
      .toBe('Matches the raw events');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('periods-table').getByRole('button', { name: 'Invoices' }).click(),
    ]);
    expect(await readFile(await download.path(), 'utf8')).toContain(customer.id);
    expect(s.forbidden).toEqual([]);
    await page.context().close();
  });

  it("the partner's programme: earnings, tier progress; MDF requested, approved, claimed, reimbursed", async () => {
    const lotus = partners['Lotus Partners']!;
    const s = await signIn(f, lotus.token, { path: '/portal/programme' });
    const { page } = s;
    // The close above earned Lotus 50.00, pending for the holding period.
    await expect.poll(() => page.getByTestId('earnings-pending').textContent()).toContain('$50.00');
    await page.getByTestId('tier-progress').waitFor();
    await expect
      .poll(() => page.getByTestId('tier-progress').textContent())
      .toContain('Registered');

    const form = page.getByTestId('mdf-form');
    await form.locator('[name=purpose]').fill('Retail fair booth');
    await form.locator('[name=amount]').fill('1200');
    await form.getByRole('button').click();
    const row = page.locator('[data-mdf="Retail fair booth"]');
    await expect.poll(() => row.getAttribute('data-status')).toBe('requested');
    const [mdf] = await f.ctx.db.selectFrom('mdf_requests').selectAll().execute();
    expect(mdf?.amount_minor).toBe(120000);
    const owner = await signIn(f, f.ctx.ownerToken, { path: '/mdf' });
    const review = owner.page.locator('[data-mdf="Retail fair booth"]');
    await review.getByRole('button', { name: 'Approve Retail fair booth' }).click();
    await expect.poll(() => review.getAttribute('data-status')).toBe('approved');
    await page.reload();
    await row.locator('[name=spent]').fill('1500');
    await row.locator('[name=proof]').fill('INV-2026-118');
    await row.getByRole('button', { name: 'Claim' }).click();
    await expect
      .poll(() => row.getByTestId('error-box').getAttribute('data-code'))
      .toBe('programme.mdf_overspent');
    await row.locator('[name=spent]').fill('980.50');
    await row.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('claimed');
    const [claimed] = await f.ctx.db.selectFrom('mdf_requests').selectAll().execute();
    expect(claimed?.spent_minor).toBe(98050);
    expect(s.forbidden).toEqual([]);
    await page.context().close();

    // The owner checks the payment in shadow, then reimburses the claimed spend.
    await owner.page.reload();
    await review.getByRole('button', { name: 'Check the payment' }).click();
    await expect.poll(() => review.textContent()).toContain('Pays $980.50');
    expect((await f.ctx.db.selectFrom('mdf_requests').selectAll().execute())[0]?.status).toBe(
      'claimed',
    );
    await review.getByRole('button', { name: 'Reimburse' }).click();
    await expect.poll(() => review.getAttribute('data-status')).toBe('reimbursed');
    expect(owner.forbidden).toEqual([]);
    await owner.page.context().close();
  });
});
