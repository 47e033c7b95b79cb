import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, signIn, startConsole } from './console/console-fixture.ts';

/**
 * The partner programme's money and rules in a real Chromium: the owner sets a commission rule
 * (an overlapping one refused), edits the tier rules, sets the payout minimum, sees an off-cycle
 * payout under it refused, pays the monthly run and downloads its file, issues a credit note (one
 * larger than the invoice refused); imports a CRM export after its mapping preview; a partner
 * typing these URLs opens none of them.
 */
describe('console programme money and rules', () => {
  let f: ConsoleFixture;
  let lotus: { id: string; token: string };

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

  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

  beforeAll(async () => {
    f = await startConsole();
    const partner = await api<{ id: string }>('POST', '/api/v1/partners', {
      name: 'Lotus Partners',
      regions: ['APAC'],
    });
    const created = await api<{ token: string }>('POST', '/api/v1/access-tokens', {
      role: 'partner',
      name: 'Lotus',
      partnerId: partner.id,
    });
    lotus = { id: partner.id, token: created.token };
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
    const during = new Date(lastMonth.getTime() + 2 * 86_400_000).toISOString();
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', {
      name: 'Harbor Foods',
      partnerId: partner.id,
      since: during,
    });
    await api('POST', `/api/v1/customers/${customer.id}/subscriptions`, {
      productId: product.id,
      startedAt: during,
    });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('sets a commission rule, refuses an overlapping one, ends none, and edits the tier rules', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/programme-rules' });
    const { page } = s;
    const form = page.getByTestId('commission-rule-form');
    await form.locator('[name=target]').selectOption('tier:registered');
    await form.locator('[name=rate]').fill('20');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const rules = page.getByTestId('commission-rules');
    await expect.poll(() => rules.locator('tbody tr').count()).toBe(1);
    expect(await rules.textContent()).toContain('Tier: Registered');
    expect(await rules.textContent()).toContain('20.0% first year, 20.0% after');
    const stored = await api<{ tier: string; firstYearBps: number; effectiveTo: null }[]>(
      'GET',
      '/api/v1/commission-rules',
    );
    expect(stored).toEqual([
      expect.objectContaining({ tier: 'registered', firstYearBps: 2000, effectiveTo: null }),
    ]);

    // The same tier again, open-ended: it overlaps the first and is refused with its sentence.
    await form.locator('[name=rate]').fill('25');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const refusal = form.getByTestId('error-box');
    await expect.poll(() => refusal.getAttribute('data-code')).toBe('billing.rule_overlap');
    expect(await refusal.textContent()).toContain('overlaps a rule in force');
    expect(await api<unknown[]>('GET', '/api/v1/commission-rules')).toHaveLength(1);

    // A rate over 100% is refused in the browser by the server's own schema, nothing sent.
    await form.locator('[name=rate]').fill('150');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => form.locator('[data-field-error=rate]').count()).toBe(1);

    const tiers = page.getByTestId('tier-rules-form');
    await tiers.locator('[name="silver.revenue"]').fill('1000');
    await tiers.locator('[name="silver.activeCustomers"]').fill('2');
    await tiers.locator('[name="gold.winRate"]').fill('30');
    await tiers.locator('[name=gracePeriods]').fill('2');
    await tiers.getByRole('button', { name: 'Save tier rules' }).click();
    await expect
      .poll(
        async () =>
          (await api<{ gracePeriods: number } | null>('GET', '/api/v1/programme/tier-rules'))
            ?.gracePeriods,
      )
      .toBe(2);
    const tierRules = await api<{
      currency: string;
      requirements: Record<
        string,
        { revenueMinor: number; activeCustomers: number; winRateBps: number }
      >;
    }>('GET', '/api/v1/programme/tier-rules');
    expect(tierRules.currency).toBe('USD');
    expect(tierRules.requirements.silver).toMatchObject({
      revenueMinor: 100000,
      activeCustomers: 2,
    });
    expect(tierRules.requirements.gold?.winRateBps).toBe(3000);
    expect(s.forbidden).toEqual([]);
    await page.context().close();
  });

  it('refuses an off-cycle payout under the minimum, pays the run and downloads its file', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/payouts' });
    const { page } = s;
    const settings = page.getByTestId('payout-settings');
    await settings.locator('[name=holdingDays]').fill('0');
    await settings.locator('[name=min-USD]').fill('100');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(
        async () =>
          (await api<{ minimumPayouts: Record<string, number> }>('GET', '/api/v1/billing/settings'))
            .minimumPayouts,
      )
      .toEqual({ USD: 10000 });
    // Last month closes with no holding period: Lotus's 50.00 (20% of 250.00) is approved at once.
    await api('POST', '/api/v1/billing/periods', {
      start: lastMonth.toISOString(),
      end: thisMonth.toISOString(),
    });
    await api('PUT', `/api/v1/partners/${lotus.id}/payout-details`, {
      method: 'bank_transfer',
      accountHolder: 'Lotus Partners Ltd',
      account: 'DE89370400440532013000',
    });
    await page.reload();
    const run = page.getByTestId('payout-run');
    await run.locator('[name=partnerId]').selectOption(lotus.id);
    await run.getByTestId('run-check').click();
    const refusal = run.getByTestId('error-box');
    await expect.poll(() => refusal.getAttribute('data-code')).toBe('billing.payout_below_minimum');
    expect(await refusal.textContent()).toContain('under the minimum payout');
    expect(await run.getByTestId('run-pay').isDisabled()).toBe(true);

    await settings.locator('[name=min-USD]').fill('10');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('settings-saved').waitFor();
    await run.locator('[name=partnerId]').selectOption('');
    await run.getByTestId('run-check').click();
    const shadow = run.getByTestId('run-shadow');
    await expect.poll(() => shadow.textContent()).toContain('Lotus Partners');
    expect(await shadow.textContent()).toContain('$50.00');
    expect(await f.ctx.db.selectFrom('payout_runs').selectAll().execute()).toEqual([]);
    await run.getByTestId('run-pay').click();
    await run.getByTestId('run-done').waitFor();
    expect(await f.ctx.db.selectFrom('payout_runs').selectAll().execute()).toHaveLength(1);
    const runs = page.getByTestId('payout-runs');
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(1);
    expect(await runs.locator('tbody tr').first().textContent()).toContain('$50.00');
    const items = page.getByTestId('run-items');
    expect(await items.locator('[data-partner="Lotus Partners"]').getAttribute('data-status')).toBe(
      'paid',
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      runs.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('Lotus Partners,USD,paid,,5000,50.00,bank_transfer');

    const earnings = page.getByTestId('partner-earnings');
    await earnings.locator('[name=earningsPartner]').selectOption(lotus.id);
    await expect.poll(() => page.getByTestId('earnings').textContent()).toContain('$50.00');
    expect(s.forbidden).toEqual([]);
    await page.context().close();
  });

  it('issues a credit note on an invoice; one larger than the invoice is refused', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/payouts' });
    const { page } = s;
    const [invoice] = await f.ctx.db.selectFrom('invoices').selectAll().execute();
    expect(invoice?.total_minor).toBe(25000);
    const form = page.getByTestId('credit-note-form');
    await form.locator('[name=invoiceId]').selectOption(invoice!.id);
    await form.locator('[name=amount]').fill('300');
    await form.locator('[name=reason]').fill('the endpoint was down');
    await form.getByRole('button', { name: 'Issue credit note' }).click();
    const refusal = form.getByTestId('error-box');
    await expect
      .poll(() => refusal.getAttribute('data-code'))
      .toBe('billing.refund_exceeds_invoice');
    expect(await refusal.textContent()).toContain('more than is left to credit');
    expect(await f.ctx.db.selectFrom('credit_notes').selectAll().execute()).toEqual([]);

    await form.locator('[name=amount]').fill('100');
    await form.locator('[name=reason]').fill('the endpoint was down');
    await form.getByRole('button', { name: 'Issue credit note' }).click();
    await form.getByTestId('credit-note-done').waitFor();
    const notes = page.getByTestId('credit-notes');
    await expect.poll(() => notes.locator('tbody tr').count()).toBe(1);
    const row = await notes.locator('tbody tr').first().textContent();
    expect(row).toContain('Harbor Foods');
    expect(row).toContain('Lotus Partners');
    expect(row).toContain('$100.00');
    const stored = await f.ctx.db.selectFrom('credit_notes').selectAll().execute();
    expect(stored.map((n) => n.amount_minor)).toEqual([10000]);
    expect(s.forbidden).toEqual([]);
    await page.context().close();
  });

  it('imports a CRM export after mapping its columns and checking every row', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/crm-import' });
    const { page } = s;
    const header = 'Account Name,Partner Tier,Territory,Sector';
    await page.locator('[name=kind]').selectOption('partners');
    await page
      .locator('[name=csv]')
      .fill(`${header}\nPine Cloud,silver,APAC;EU,retail\nRiver Labs,diamond,EU,finance\n`);
    await page.getByRole('button', { name: 'Read the file' }).click();
    const mapping = page.getByTestId('crm-mapping');
    // CRM names are guessed; "Sector" is not, the user maps it to the industries.
    expect(await mapping.locator('[name=map-name]').inputValue()).toBe('0');
    expect(await mapping.locator('[name=map-tier]').inputValue()).toBe('1');
    expect(await mapping.locator('[name=map-regions]').inputValue()).toBe('2');
    expect(await mapping.locator('[name=map-industries]').inputValue()).toBe('');
    await mapping.locator('[name=map-industries]').selectOption({ label: 'Sector' });
    const preview = page.getByTestId('crm-preview');
    const first = preview.locator('tbody tr[data-row="2"]');
    expect(await first.locator('td').allTextContents()).toEqual([
      '2',
      'Pine Cloud',
      'silver',
      'APAC;EU',
      'retail',
    ]);
    expect(await preview.locator('th').allTextContents()).toEqual([
      'Row',
      'Name',
      'Tier',
      'Regions',
      'Industries',
    ]);

    // A tier the programme does not have: the file is refused with that row named, nothing written.
    await page.getByTestId('import-check').click();
    const refusal = preview.getByTestId('error-box');
    await expect.poll(() => refusal.getAttribute('data-code')).toBe('imports.invalid_rows');
    expect(
      await preview
        .getByTestId('import-errors')
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row'))),
    ).toEqual(['3']);
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);

    await page
      .locator('[name=csv]')
      .fill(`${header}\nPine Cloud,silver,APAC;EU,retail\nRiver Labs,gold,EU,finance\n`);
    await page.getByRole('button', { name: 'Read the file' }).click();
    await mapping.locator('[name=map-industries]').selectOption({ label: 'Sector' });
    await page.getByTestId('import-check').click();
    await expect
      .poll(() => preview.getByTestId('import-checked').textContent())
      .toContain('2 to create');
    expect(
      await f.ctx.db
        .selectFrom('partners')
        .select('name')
        .where('name', '=', 'River Labs')
        .execute(),
    ).toEqual([]);
    await page.getByTestId('import-run').click();
    await expect
      .poll(() => preview.getByTestId('import-done').textContent())
      .toContain('2 created');
    const imported = page.getByTestId('imported');
    await expect
      .poll(() =>
        imported
          .locator('[data-imported]')
          .evaluateAll((li) => li.map((x) => x.getAttribute('data-imported')).sort()),
      )
      .toEqual(['Pine Cloud', 'River Labs']);
    const pine = await api<
      { name: string; tier: string; regions: string[]; industries: string[] }[]
    >('GET', '/api/v1/partners');
    expect(pine.find((p) => p.name === 'Pine Cloud')).toMatchObject({
      tier: 'silver',
      regions: ['APAC', 'EU'],
      industries: ['retail'],
    });
    expect(pine.find((p) => p.name === 'River Labs')?.tier).toBe('gold');
    expect(s.forbidden).toEqual([]);
    await page.context().close();
  });

  it('a partner typing these URLs sees "not available" and fetches nothing of them', async () => {
    const s = await signIn(f, lotus.token, { path: '/portal' });
    for (const path of ['/payouts', '/programme-rules', '/crm-import']) {
      await s.page.goto(`${f.base}${path}`);
      await s.page.getByTestId('page-denied').waitFor();
    }
    expect(s.forbidden).toEqual([]);
    await s.page.context().close();
  });
});
