import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  navPaths,
  overflows,
  settled,
  signIn,
  startConsole,
} from './console/console-fixture.ts';
import { chromeText, hanzi, latinWords, seriousViolations } from './console/page-words.ts';

/** Names that stay as they are in Chinese: the CLI command and the menu's language switch. */
const ALLOWED_LATIN = new Set(['qudao', 'strategy', 'set', 'data', 'import']);

/** Accessibility, narrow screens and the two languages, on every role's pages. */
describe('console quality', () => {
  let f: ConsoleFixture;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    f = await startConsole({ seedYear: true });
    const auth = { authorization: `Bearer ${f.ctx.ownerToken}` };
    const partners = (await f.app.inject({ url: '/api/v1/partners', headers: auth })).json() as {
      id: string;
    }[];
    const customers = (await f.app.inject({ url: '/api/v1/customers', headers: auth })).json() as {
      id: string;
      partnerId: string | null;
    }[];
    const partnerId = partners[0]!.id;
    const created = await f.app.inject({
      method: 'POST',
      url: '/api/v1/access-tokens',
      headers: auth,
      payload: { role: 'partner', name: 'walk', partnerId },
    });
    tokens.partner = (created.json() as { token: string }).token;
    const customer = customers.find((c) => c.partnerId === partnerId)!;
    const key = await f.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/keys`,
      headers: auth,
      payload: { name: 'walk' },
    });
    tokens.customer = (key.json() as { key: string }).key;
    tokens.owner = f.ctx.ownerToken;
  });
  afterAll(async () => {
    await f?.close();
  });

  it('opens the Channels page on the last complete month, KPIs in words, a year of trends', async () => {
    const s = await signIn(f, tokens.owner!, { path: '/channels' });
    const { page } = s;
    await settled(page);
    const now = new Date();
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    expect(await page.locator('input[type=month]').inputValue()).toBe(
      last.toISOString().slice(0, 7),
    );
    const kpis = page.getByTestId('channels-kpis');
    const text = (await kpis.textContent()) ?? '';
    expect(text).not.toMatch(/partnerSourcedShare|winRate|marginShare/);
    expect(await kpis.locator('[data-met]').count()).toBeGreaterThan(0);
    const winRate = kpis.locator('[data-kpi=winRate]');
    if (await winRate.count()) expect(await winRate.textContent()).toMatch(/Win rate.*\d%/);
    // The strategy flow: six stages in order, each with its live number and its targets' verdict.
    const report = (await (
      await fetch(`${f.base}/api/v1/reports/channels`, {
        headers: { authorization: `Bearer ${tokens.owner}` },
      })
    ).json()) as {
      marketCoverage: { coverage: number; coveredCells: string[]; targetCells: number };
      strategy: { targets: { kpi: string; met: boolean | null }[] };
      profitability: { byPartner: { name: string; revenueMinor: number }[] };
      topPartner: string;
    };
    report.topPartner = report.profitability.byPartner
      .filter((r) => r.name !== '(direct sales)')
      .sort((a, b) => b.revenueMinor - a.revenueMinor)[0]!.name;
    const flow = page.locator('[data-testid=strategy-flow][data-drawn=true]');
    await flow.waitFor();
    const nodes = flow.locator('g.node');
    expect(await nodes.count()).toBe(6);
    const coverage = flow.locator('g.node[id*=coverage]');
    expect(await coverage.textContent()).toContain(
      `${(report.marketCoverage.coverage * 100).toFixed(1)}%`,
    );
    const winTarget = report.strategy.targets.find((x) => x.kpi === 'winRate');
    if (winTarget && winTarget.met !== null) {
      const cls = (await flow.locator('g.node[id*=efficiency]').getAttribute('class')) ?? '';
      expect(cls).toContain(winTarget.met ? 'met' : 'missed');
    }
    // The coverage heat map: a cell per target cell, ✓ exactly where the report says covered.
    const map = page.getByTestId('coverage-map');
    const covered = await map
      .locator('td[data-covered=true]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-cell')));
    expect(covered.sort()).toEqual([...report.marketCoverage.coveredCells].sort());
    expect(await map.locator('td[data-covered]').count()).toBe(report.marketCoverage.targetCells);
    // The leaderboard ranks partners by revenue.
    const ranks = page.getByTestId('partner-leaderboard').locator('tbody tr');
    expect(await ranks.first().getAttribute('data-rank')).toBe('1');
    expect(await ranks.first().textContent()).toContain(report.topPartner);
    // A new target cell shows at once, not covered.
    const form = page.getByTestId('market-cell-form');
    await form.locator('[name=region]').fill('Atlantis');
    await form.locator('[name=industry]').fill('robotics');
    await form.locator('[name=demand]').fill('1000');
    await form.getByRole('button').click();
    await expect
      .poll(() => map.locator('td[data-cell="Atlantis × robotics"]').getAttribute('data-covered'))
      .toBe('false');
    for (const metric of ['revenue', 'commission', 'margin']) {
      const chart = page.getByTestId(`trend-${metric}`);
      // One line per channel: the seeded year sells directly and through partners.
      expect(await chart.locator('path[fill=none]').count()).toBeGreaterThanOrEqual(2);
    }
    await s.page.context().close();
  });

  for (const role of ['owner', 'partner', 'customer'] as const) {
    it(`${role}: no serious accessibility violation, no overflow at 390 px`, async () => {
      const wide = await signIn(f, tokens[role]!);
      const paths = await navPaths(wide.page);
      await wide.page.context().close();
      const s = await signIn(f, tokens[role]!, { width: 390 });
      for (const path of paths) {
        await s.page.goto(`${f.base}${path}`);
        await settled(s.page);
        expect(await overflows(s.page), `${path} overflows at 390 px`).toBe(false);
        expect(await seriousViolations(s.page, path)).toEqual([]);
      }
      expect(s.forbidden).toEqual([]);
      await s.page.context().close();
    });

    it(`${role}: every page in Chinese has no English, in English no Chinese`, async () => {
      const zh = await signIn(f, tokens[role]!, { lang: 'zh' });
      const paths = await navPaths(zh.page);
      for (const path of paths) {
        await zh.page.goto(`${f.base}${path}`);
        await settled(zh.page);
        expect(latinWords(await chromeText(zh.page), ALLOWED_LATIN), path).toEqual([]);
      }
      await zh.page.context().close();
      const en = await signIn(f, tokens[role]!, { lang: 'en' });
      for (const path of paths) {
        await en.page.goto(`${f.base}${path}`);
        await settled(en.page);
        expect(hanzi(await chromeText(en.page)), path).toEqual([]);
      }
      await en.page.context().close();
    });
  }

  it('the public application pages: accessible, no overflow at 390 px, one language each', async () => {
    const submitted = await f.app.inject({
      method: 'POST',
      url: '/api/v1/partner-applications',
      payload: {
        company: 'Quality Check Ltd',
        contactName: 'Q',
        contactEmail: 'q@example.com',
        regions: ['EU'],
        model: 'referral',
      },
    });
    const { application, token } = submitted.json() as {
      application: { id: string };
      token: string;
    };
    for (const lang of ['en', 'zh'] as const) {
      const context = await f.browser.newContext({ viewport: { width: 390, height: 900 } });
      await context.addInitScript(
        `localStorage.setItem('qudao.lang', '${lang}'); localStorage.setItem('qudao.application.${application.id}', '${token}')`,
      );
      const page = await context.newPage();
      for (const path of ['/apply', `/apply/${application.id}`]) {
        await page.goto(`${f.base}${path}`);
        await settled(page);
        await page.locator('h1').first().waitFor();
        expect(await overflows(page), `${path} overflows at 390 px`).toBe(false);
        expect(await seriousViolations(page, path)).toEqual([]);
        const text = await chromeText(page);
        expect(lang === 'zh' ? latinWords(text, ALLOWED_LATIN) : hanzi(text), path).toEqual([]);
      }
      await context.close();
    }
  });
});
