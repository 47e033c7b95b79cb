import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navigationOf } from '../packages/web/src/app/pages.ts';
import {
  type ConsoleFixture,
  navPaths,
  overflows,
  settled,
  signIn,
  startConsole,
} from './console/console-fixture.ts';

/** The first cell of every row a data table shows (its name column). */
async function firstCells(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr td:first-child')
    .evaluateAll((cells) => cells.map((c) => (c.textContent ?? '').trim()));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The shared table (sort, filter, pages) and the grouped navigation, in a real Chromium. */
describe('console tables and navigation', () => {
  let f: ConsoleFixture;
  let analystToken = '';
  let partnerNames: string[] = [];

  beforeAll(async () => {
    f = await startConsole({ seedYear: true });
    const auth = { authorization: `Bearer ${f.ctx.ownerToken}` };
    const created = await f.app.inject({
      method: 'POST',
      url: '/api/v1/access-tokens',
      headers: auth,
      payload: { role: 'analyst', name: 'tables' },
    });
    analystToken = (created.json() as { token: string }).token;
    // Enough customers for two pages of 25.
    for (let i = 1; i <= 30; i++) {
      const reply = await f.app.inject({
        method: 'POST',
        url: '/api/v1/customers',
        headers: auth,
        payload: { name: `Paged ${String(i).padStart(2, '0')}`, size: 'small' },
      });
      expect(reply.statusCode).toBe(201);
    }
    const partners = (await f.app.inject({ url: '/api/v1/partners', headers: auth })).json() as {
      name: string;
    }[];
    partnerNames = partners.map((p) => p.name);
  });
  afterAll(async () => {
    await f?.close();
  });

  it('sorts the partners by a click on a head, both ways, and filters them', async () => {
    expect(partnerNames.length).toBeGreaterThanOrEqual(3);
    const s = await signIn(f, f.ctx.ownerToken, { path: '/partners' });
    const { page } = s;
    await settled(page);
    const head = page.getByTestId('partners-table').locator('th[data-column=name]');
    expect(await head.getAttribute('aria-sort')).toBe('none');
    await head.getByRole('button').click();
    expect(await head.getAttribute('aria-sort')).toBe('ascending');
    const ascending = [...partnerNames].sort(collator.compare);
    expect(await firstCells(page, 'partners-table')).toEqual(ascending);
    await head.getByRole('button').click();
    expect(await head.getAttribute('aria-sort')).toBe('descending');
    expect(await firstCells(page, 'partners-table')).toEqual([...ascending].reverse());
    // Another column's head: this one goes back to none.
    const tier = page.getByTestId('partners-table').locator('th[data-column=tier]');
    await tier.getByRole('button').click();
    expect(await head.getAttribute('aria-sort')).toBe('none');
    expect(await tier.getAttribute('aria-sort')).toBe('ascending');

    // The filter keeps the rows that contain the text, in the sorted order.
    const target = ascending[1]!;
    const needle = target.slice(1, 5).toUpperCase();
    await page.getByTestId('partners-table-filter').fill(needle);
    const kept = await firstCells(page, 'partners-table');
    expect(kept).toContain(target);
    for (const name of kept) expect(name.toUpperCase()).toContain(needle);
    expect(kept.length).toBe(partnerNames.filter((n) => n.toUpperCase().includes(needle)).length);
    await page.getByTestId('partners-table-filter').fill('no partner is called this');
    await expect
      .poll(() => page.getByTestId('partners-table').locator('tbody').textContent())
      .toContain('No row matches');
    await page.getByTestId('partners-table-filter').fill('');
    expect((await firstCells(page, 'partners-table')).length).toBe(partnerNames.length);
    expect(s.forbidden).toEqual([]);
    await s.page.context().close();
  });

  it('pages the customers 25 at a time and sorts across pages', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/customers' });
    const { page } = s;
    await settled(page);
    const table = page.getByTestId('customers-table');
    const total = (await f.ctx.db.selectFrom('customers').select('id').execute()).length;
    expect(total).toBeGreaterThan(25);
    expect((await firstCells(page, 'customers-table')).length).toBe(25);
    await table.locator('th[data-column=name]').getByRole('button').click();
    await page.getByTestId('customers-table-filter').fill('paged');
    const first = await firstCells(page, 'customers-table');
    expect(first).toEqual(
      Array.from({ length: 25 }, (_, i) => `Paged ${String(i + 1).padStart(2, '0')}`),
    );
    expect(await page.getByTestId('customers-table-page').textContent()).toBe('Page 1 of 2');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await firstCells(page, 'customers-table')).toEqual([
      'Paged 26',
      'Paged 27',
      'Paged 28',
      'Paged 29',
      'Paged 30',
    ]);
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    // A new filter starts again on the first page.
    await page.getByTestId('customers-table-filter').fill('paged 0');
    expect(await firstCells(page, 'customers-table')).toHaveLength(9);
    expect(await page.getByTestId('customers-table-page').count()).toBe(0);
    await s.page.context().close();
  });

  it('groups the owner navigation on one row, reachable by keyboard, the current page marked', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/' });
    const { page } = s;
    await settled(page);
    const header = await page.locator('.app-header').boundingBox();
    expect(header!.height).toBeLessThan(80);
    const ml = page.getByTestId('nav-group-ml');
    expect(await ml.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-datasets').isVisible()).toBe(false);
    await ml.focus();
    await page.keyboard.press('Enter');
    expect(await ml.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('nav-datasets').isVisible()).toBe(true);
    const { violations } = await new AxeBuilder({ page }).include('#main-nav').analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('nav-datasets');
    await page.keyboard.press('Escape');
    expect(await ml.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('nav-group-ml');

    await page.getByTestId('nav-group-business').click();
    await page.getByTestId('nav-partners').click();
    await page.waitForURL(/\/partners$/);
    expect(await page.getByTestId('nav-group-business').getAttribute('aria-expanded')).toBe(
      'false',
    );
    expect(await page.getByTestId('nav-group-business').getAttribute('aria-current')).toBe('true');
    expect(await ml.getAttribute('aria-current')).toBeNull();
    expect(await page.getByTestId('nav-partners').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#main-nav [aria-current=page]').count()).toBe(1);
    // A page reached from an item marks that item.
    await page.goto(`${f.base}/runs/compare`);
    await settled(page);
    expect(await page.getByTestId('nav-runs').getAttribute('aria-current')).toBe('page');
    expect(await ml.getAttribute('aria-current')).toBe('true');
    await s.page.context().close();
  });

  it('folds the navigation behind one menu at 390 px, its groups open in place', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/', width: 390, lang: 'zh' });
    const { page } = s;
    await settled(page);
    expect(await page.getByTestId('nav-group-ml').isVisible()).toBe(false);
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByTestId('nav-group-ml').click();
    await page.getByTestId('nav-group-business').click();
    // One group open at a time.
    expect(await page.getByTestId('nav-group-ml').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('nav-customers').isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
    await page.getByTestId('nav-customers').click();
    await page.waitForURL(/\/customers$/);
    expect(await page.locator('#main-nav').isVisible()).toBe(false);
    expect(await overflows(page)).toBe(false);
    await s.page.context().close();
  });

  it('shows each role exactly the items navigationOf gives it', async () => {
    const expected = (role: Parameters<typeof navigationOf>[0]) =>
      navigationOf(role).flatMap((e) =>
        e.kind === 'page' ? [e.page.path] : e.pages.map((p) => p.path),
      );
    for (const [role, token] of [
      ['owner', f.ctx.ownerToken],
      ['analyst', analystToken],
    ] as const) {
      const s = await signIn(f, token);
      await settled(s.page);
      const paths = await navPaths(s.page);
      expect(paths, role).toEqual(expected(role));
      expect(s.forbidden).toEqual([]);
      await s.page.context().close();
    }
    expect(expected('analyst')).not.toContain('/training/new');
    expect(expected('analyst')).not.toContain('/playground');
    expect(expected('analyst')).toEqual(
      expect.arrayContaining(['/channels', '/partners', '/runs']),
    );
    expect(expected('owner')).toEqual(expect.arrayContaining(['/training/new', '/playground']));
  });
});
