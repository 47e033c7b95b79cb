import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  navPaths,
  type SignedIn,
  settled,
  signIn,
  startConsole,
} from './console/console-fixture.ts';

/** The owner's and a partner's journeys through the console, in a real Chromium. */
describe('console journeys', () => {
  let f: ConsoleFixture;
  let partnerToken = '';
  let customerKey = '';

  beforeAll(async () => {
    f = await startConsole();
  });
  afterAll(async () => {
    await f?.close();
  });

  async function done(s: SignedIn) {
    expect(s.forbidden).toEqual([]);
    await s.page.context().close();
  }

  it('the owner creates a partner, a plan and a product, and the partner sign-in token', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/partners' });
    const { page } = s;
    expect(await navPaths(page)).toEqual(
      expect.arrayContaining([
        '/',
        '/partners',
        '/customers',
        '/plans',
        '/channels',
        '/training/new',
      ]),
    );
    const form = page.getByTestId('partner-form');
    await form.locator('[name=name]').fill('Harbor Systems');
    await form.locator('[name=tier]').selectOption('gold');
    await form.locator('[name=regions]').fill('East, South');
    await form.getByRole('button').click();
    const row = page.getByTestId('partners-table').locator('tr', { hasText: 'Harbor Systems' });
    await expect.poll(() => row.textContent()).toContain('Gold');
    const [partner] = await f.ctx.db
      .selectFrom('partners')
      .select(['id', 'tier'])
      .where('name', '=', 'Harbor Systems')
      .execute();
    expect(partner?.tier).toBe('gold');

    await row.getByRole('button').click();
    const token = page.getByTestId('partner-token').locator('code');
    await token.waitFor();
    partnerToken = (await token.textContent()) ?? '';
    expect(partnerToken.length).toBeGreaterThan(20);

    // Plans sit in the Business group of the navigation: open it, then pick the item.
    await page.getByTestId('nav-group-business').click();
    await page.getByTestId('nav-plans').click();
    const plan = page.getByTestId('plan-form');
    await plan.locator('[name=name]').fill('Starter');
    await plan.locator('[name=price]').fill('0.05');
    await plan.getByRole('button').click();
    await expect.poll(() => page.getByTestId('plans-table').textContent()).toContain('Starter');
    const product = page.getByTestId('product-form');
    await product.locator('[name=name]').fill('Iris API');
    await product.locator('[name=endpoint]').selectOption('iris');
    await product.locator('[name=plan]').selectOption({ label: 'Starter' });
    await product.getByRole('button').click();
    await expect.poll(() => page.getByTestId('products-table').textContent()).toContain('Iris API');
    const plans = await f.ctx.db.selectFrom('plans').selectAll().execute();
    expect(plans.map((p) => p.name)).toContain('Starter');
    await done(s);
  });

  it('the owner launches training from the form and watches the curve grow on the run page', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/training/new' });
    const { page } = s;
    const form = page.getByTestId('train-form');
    await form.locator('[name=dataset]').selectOption('iris');
    await form.locator('[name=model]').selectOption('logistic-regression');
    await form.locator('[name=modelName]').fill('iris-form');
    await form.locator('[name=epochs]').fill('40');
    await form.locator('[name=learningRate]').fill('0.1');
    await form.getByRole('button').click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const curve = page.getByTestId('training-chart').locator('path').first();
    // Points are added epoch by epoch while the job runs; at the end there is one per epoch.
    await expect
      .poll(async () => ((await curve.getAttribute('d')) ?? '').split('L').length, {
        timeout: 60_000,
      })
      .toBe(40);
    const run = await f.ctx.db
      .selectFrom('training_runs')
      .select(['id', 'status'])
      .where('id', '=', runId)
      .executeTakeFirst();
    expect(run?.id).toBe(runId);
    await done(s);
  });

  it("shows the server's refusal as the sentence for its code", async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/plans', lang: 'zh' });
    const plan = s.page.getByTestId('plan-form');
    await plan.locator('[name=name]').fill('Starter');
    await plan.getByRole('button').click();
    const error = plan.getByTestId('error-box');
    await expect.poll(() => error.getAttribute('data-code')).toBe('plans.plan_exists');
    await expect.poll(() => error.textContent()).toContain('同名套餐已存在');
    await done(s);
  });

  it('a partner sees only its pages, registers a deal, creates a customer and its key', async () => {
    expect(partnerToken).not.toBe('');
    const s = await signIn(f, partnerToken);
    const { page } = s;
    await page.getByTestId('page-portal').waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal');
    expect(await navPaths(page)).toEqual(['/portal', '/portal/deals', '/portal/programme']);

    await page.getByTestId('nav-portal-deals').click();
    const deal = page.getByTestId('deal-form');
    await deal.locator('[name=company]').fill('Blue Lake Foods');
    await deal.locator('[name=value]').fill('12000');
    await deal.getByRole('button').click();
    const dealRow = page.locator('[data-deal="Blue Lake Foods"]');
    await expect.poll(() => dealRow.textContent()).toContain('Awaiting approval');

    await page.getByTestId('nav-portal').click();
    const customer = page.getByTestId('customer-form');
    await customer.locator('[name=name]').fill('Blue Lake Foods');
    await customer.locator('[name=size]').selectOption('medium');
    await customer.getByRole('button').click();
    const row = page.locator('[data-customer="Blue Lake Foods"]');
    await row.getByRole('link').click();
    await page.getByTestId('page-customer').waitFor();
    await page.locator('[name=keyName]').fill('production');
    await page.getByRole('button', { name: 'New key' }).click();
    const secret = page.getByTestId('key-secret').locator('code');
    await secret.waitFor();
    customerKey = (await secret.textContent()) ?? '';
    expect(customerKey).toMatch(/^qd_/);
    await expect.poll(() => page.getByTestId('keys-table').textContent()).toContain('production');

    const [stored] = await f.ctx.db
      .selectFrom('customers')
      .select(['partner_id'])
      .where('name', '=', 'Blue Lake Foods')
      .execute();
    const [harbor] = await f.ctx.db
      .selectFrom('partners')
      .select('id')
      .where('name', '=', 'Harbor Systems')
      .execute();
    expect(stored?.partner_id).toBe(harbor?.id);
    await done(s);
  });

  it("a partner typing an owner's URL gets 'not available', never the data", async () => {
    const s = await signIn(f, partnerToken, { path: '/partners' });
    await s.page.getByTestId('page-denied').waitFor();
    expect(await s.page.getByTestId('partners-table').count()).toBe(0);
    await done(s);
  });

  it('a customer signs in with its key and sees its own keys, usage and invoices', async () => {
    expect(customerKey).not.toBe('');
    const s = await signIn(f, customerKey);
    await s.page.getByTestId('page-account').waitFor();
    expect(await navPaths(s.page)).toEqual(['/account', '/account/try', '/account/support']);
    await expect.poll(() => s.page.getByTestId('keys-table').textContent()).toContain('production');
    await settled(s.page);
    await done(s);
  });

  it('walks every page of each role without a 403', async () => {
    for (const token of [f.ctx.ownerToken, partnerToken, customerKey]) {
      const s = await signIn(f, token);
      for (const path of await navPaths(s.page)) {
        await s.page.goto(`${f.base}${path}`);
        await settled(s.page);
        expect(await s.page.getByTestId('page-denied').count(), path).toBe(0);
      }
      await done(s);
    }
  });
});
