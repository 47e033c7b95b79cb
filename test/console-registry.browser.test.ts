import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  overflows,
  type SignedIn,
  settled,
  signIn,
  startConsole,
} from './console/console-fixture.ts';
import { CHROME, chromeText, hanzi, latinWords, seriousViolations } from './console/page-words.ts';

/** The pages' words, with their headings of cards, fact names and segmented controls. */
const PAGE_WORDS = [...CHROME, 'h3', 'dt', '.segment'];

interface Job {
  id: string;
  status: string;
  result: {
    best?: { trial: number; registered: { model: string; version: number } | null };
    trials?: { trial: number }[];
    summary?: Record<string, { mean: number; std: number }>;
    perFold?: Record<string, number>[];
  } | null;
}

/** Registry editing (aliases, tags, the model card, history) and search / cross-validation results. */
describe('console registry, search and cross-validation', () => {
  let f: ConsoleFixture;
  let analystToken = '';
  let searchJob = '';
  let cvJob = '';
  const auth = () => ({ authorization: `Bearer ${f.ctx.ownerToken}` });
  const api = async <T>(url: string): Promise<T> =>
    (await f.app.inject({ url, headers: auth() })).json() as T;

  beforeAll(async () => {
    f = await startConsole();
    const created = await f.app.inject({
      method: 'POST',
      url: '/api/v1/access-tokens',
      headers: auth(),
      payload: { role: 'analyst', name: 'registry' },
    });
    analystToken = (created.json() as { token: string }).token;
  });
  afterAll(async () => {
    await f?.close();
  });

  async function done(s: SignedIn) {
    expect(s.forbidden).toEqual([]);
    await s.page.context().close();
  }

  it('owner sets and removes aliases, sets and removes a tag, writes the card, reads the history', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/models' });
    const { page } = s;
    await page.getByTestId('models-table').getByRole('link', { name: 'iris-lr' }).click();
    await page.waitForURL(/\/models\/iris-lr$/);
    await settled(page);
    const form = page.getByTestId('alias-form');
    // A name the server's own rule refuses is caught before anything is sent.
    await form.locator('[name=alias]').fill('Bad Name');
    await form.getByRole('button', { name: 'Set alias' }).click();
    await form.locator('[data-field-error=alias]').waitFor();
    expect(await api<unknown[]>('/api/v1/models/iris-lr/aliases')).toEqual([]);
    for (const alias of ['production', 'staging']) {
      await form.locator('[name=alias]').fill(alias);
      await form.locator('[name=version]').selectOption('1');
      await form.getByRole('button', { name: 'Set alias' }).click();
      await page.locator(`[data-testid=alias-table] tr[data-alias=${alias}]`).waitFor();
    }
    expect(await page.getByTestId('alias-done').textContent()).toContain('staging');
    await page.getByRole('button', { name: 'Remove alias staging' }).click();
    await page.locator('[data-testid=alias-table] tr[data-alias=staging]').waitFor({
      state: 'detached',
    });
    const aliases = await api<{ alias: string; version: number }[]>(
      '/api/v1/models/iris-lr/aliases',
    );
    expect(aliases.map((a) => [a.alias, a.version])).toEqual([['production', 1]]);
    // The versions table shows the alias beside its version.
    await expect
      .poll(() => page.locator('[data-testid=model-versions] tr[data-version="1"]').textContent())
      .toContain('production');

    await page.getByTestId('model-versions').getByRole('link', { name: 'v1' }).click();
    await page.waitForURL(/\/models\/iris-lr\/versions\/1$/);
    await settled(page);
    expect(await page.getByTestId('version-aliases').textContent()).toContain('production');
    expect(
      await page.getByTestId('version-metrics').locator('[data-metric=accuracy]').count(),
    ).toBe(1);
    const tags = page.getByTestId('tag-form');
    await tags.locator('[name=key]').fill('stage');
    await tags.locator('[name=value]').fill('reviewed');
    await tags.getByRole('button', { name: 'Set tag' }).click();
    const row = page.locator('[data-testid=tag-table] tr[data-key=stage]');
    await row.waitFor();
    expect(await row.textContent()).toContain('reviewed');
    await tags.locator('[name=key]').fill('risk');
    await tags.locator('[name=value]').fill('low');
    await tags.getByRole('button', { name: 'Set tag' }).click();
    await page.locator('[data-testid=tag-table] tr[data-key=risk]').waitFor();
    await page.getByRole('button', { name: 'Remove tag risk' }).click();
    await page.locator('[data-testid=tag-table] tr[data-key=risk]').waitFor({ state: 'detached' });

    await page.getByTestId('card-edit').click();
    const card = page.getByTestId('card-form');
    await card.locator('[name=summary]').fill('Classifies iris flowers by their measurements.');
    await card.locator('[name=limitations]').fill('Three species only.\nNot for other plants.');
    await card.locator('[name=owners]').fill('ml team, data team');
    await card.getByRole('button', { name: 'Save card' }).click();
    const panel = page.getByTestId('card-panel');
    await panel.locator('[data-part=summary] dd').waitFor();
    expect(await panel.locator('[data-part=summary] dd').textContent()).toBe(
      'Classifies iris flowers by their measurements.',
    );
    expect(await panel.locator('[data-part=limitations] dd').textContent()).toBe(
      'Three species only.\nNot for other plants.',
    );
    expect(await panel.locator('[data-part=owners] dd').textContent()).toBe('ml team, data team');
    expect(await panel.getByTestId('card-updated').textContent()).toContain('Owner');
    const stored = await api<{
      summary: string;
      limitations: string;
      owners: string[];
      tags: { key: string; value: string }[];
      aliases: string[];
    }>('/api/v1/models/iris-lr/versions/1/card');
    expect(stored.summary).toBe('Classifies iris flowers by their measurements.');
    expect(stored.limitations).toBe('Three species only.\nNot for other plants.');
    expect(stored.owners).toEqual(['ml team', 'data team']);
    expect(stored.tags.map((t) => [t.key, t.value])).toEqual([['stage', 'reviewed']]);
    expect(stored.aliases).toEqual(['production']);

    // The history, newest first, each action in words.
    await page.getByRole('link', { name: 'Model iris-lr', exact: true }).click();
    await page.waitForURL(/\/models\/iris-lr$/);
    await settled(page);
    const history = page.getByTestId('model-history-table');
    // A client-side navigation: the page shows the history it read on the first visit while it
    // reads it again (the writes above invalidated it). settled() waits for that read; the newest
    // row is waited for as well, in case the route commits later than settled()'s two frames.
    await history.locator('tbody tr[data-action="card.set"]').waitFor();
    const actions = await history
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toEqual([
      'card.set',
      'tag.removed',
      'tag.set',
      'tag.set',
      'alias.removed',
      'alias.set',
      'alias.set',
      'version.registered',
    ]);
    expect(await history.locator('tbody tr').first().textContent()).toContain('Card written');
    await done(s);
  });

  it('owner launches a grid search from the train page and reads its trials, the best marked', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/training/new' });
    const { page } = s;
    await page
      .getByTestId('train-modes')
      .getByRole('link', { name: 'Hyperparameter search' })
      .click();
    await page.waitForURL(/\/training\/new\/search$/);
    const form = page.getByTestId('search-form');
    await form.locator('[name=dataset]').selectOption('iris');
    await form.locator('[name=model]').selectOption('logistic-regression');
    await form.locator('[name=modelName]').fill('iris-search');
    await form.locator('[name=epochs]').fill('2');
    // A value the server's rule refuses is named before anything is sent.
    await form.locator('[name="space.learningRate"]').fill('0.05, abc');
    await form.getByRole('button', { name: 'Start search' }).click();
    await form.locator('[data-field-error="space.learningRate"]').waitFor();
    expect(page.url()).toMatch(/\/training\/new\/search$/);
    await form.locator('[name="space.learningRate"]').fill('0.001, 0.5');
    await form.getByRole('button', { name: 'Start search' }).click();
    await page.waitForURL(/\/training\/jobs\/[^/]+$/);
    searchJob = decodeURIComponent(page.url().split('/').pop()!);
    await page.locator('[data-testid=job-status][data-status=succeeded]').waitFor({
      timeout: 90_000,
    });
    const job = await api<Job>(`/api/v1/training/jobs/${searchJob}`);
    expect(job.status).toBe('succeeded');
    const table = page.getByTestId('trials-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const best = table.locator('tbody tr[data-best=true]');
    expect(await best.count()).toBe(1);
    expect(await best.getAttribute('data-trial')).toBe(String(job.result!.best!.trial));
    expect(await best.textContent()).toContain('best');
    // Each trial's setting is shown in its own column.
    const heads = await table.locator('th').allTextContents();
    expect(heads.join('|')).toContain('Learning rate');
    expect(heads.join('|')).toContain('Accuracy');
    expect(await table.textContent()).toContain('0.001');
    expect(await table.textContent()).toContain('0.5');
    // The chart: a bar per trial, the best in its own colour.
    const chart = page.getByTestId('trials-chart');
    await expect.poll(() => chart.locator('path[fill="#059669"]').count()).toBe(1);
    expect(await chart.locator('path[fill="#93a4c3"]').count()).toBe(1);
    // The best trial was registered; its link opens the version page.
    expect(job.result!.best!.registered).toEqual({ model: 'iris-search', version: 1 });
    await page.getByTestId('search-registered').getByRole('link').click();
    await page.waitForURL(/\/models\/iris-search\/versions\/1$/);
    await page.getByTestId('version-facts').waitFor();
    await done(s);
  });

  it('owner launches a cross-validation and reads each fold, the mean and the spread', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/training/new/cross-validation' });
    const { page } = s;
    const form = page.getByTestId('cv-form');
    await form.locator('[name=dataset]').selectOption('iris');
    await form.locator('[name=epochs]').fill('2');
    await form.locator('[name=learningRate]').fill('0.1');
    await form.locator('[name=folds]').fill('1');
    await form.getByRole('button', { name: 'Start cross-validation' }).click();
    await form.locator('[data-field-error=folds]').waitFor();
    await form.locator('[name=folds]').fill('3');
    await form.getByRole('button', { name: 'Start cross-validation' }).click();
    await page.waitForURL(/\/training\/jobs\/[^/]+$/);
    cvJob = decodeURIComponent(page.url().split('/').pop()!);
    await page.locator('[data-testid=job-status][data-status=succeeded]').waitFor({
      timeout: 90_000,
    });
    const job = await api<Job>(`/api/v1/training/jobs/${cvJob}`);
    const table = page.getByTestId('folds-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('tbody tr[data-best=true]').count()).toBe(1);
    const accuracies = job.result!.perFold!.map((fold) => fold.accuracy!);
    const bestFold = accuracies.indexOf(Math.max(...accuracies)) + 1;
    expect(await table.locator('tbody tr[data-best=true]').getAttribute('data-fold')).toBe(
      String(bestFold),
    );
    const mean = page.locator(
      '[data-testid=cv-summary-table] tr[data-summary=mean] td[data-metric=accuracy]',
    );
    expect(await mean.textContent()).toBe(job.result!.summary!.accuracy!.mean.toFixed(4));
    const std = page.locator(
      '[data-testid=cv-summary-table] tr[data-summary=std] td[data-metric=accuracy]',
    );
    expect(await std.textContent()).toBe(job.result!.summary!.accuracy!.std.toFixed(4));
    expect(await page.getByTestId('cv-summary').textContent()).toContain('3 folds over 150 rows');
    // Three bars and the mean's line.
    const chart = page.getByTestId('folds-chart');
    // Three bars plus the legend's swatch of the bar series; the mean a dashed line.
    await expect.poll(() => chart.locator('path[fill="#93a4c3"]').count()).toBe(4);
    expect(await chart.locator('path[stroke="#059669"][stroke-dasharray]').count()).toBeGreaterThan(
      0,
    );
    await done(s);
  });

  it('an analyst reads aliases, tags, the card and the results, and is offered no change', async () => {
    expect(searchJob).not.toBe('');
    const s = await signIn(f, analystToken, { path: '/models/iris-lr' });
    const { page } = s;
    await settled(page);
    await page.locator('[data-testid=alias-table] tr[data-alias=production]').waitFor();
    expect(await page.getByTestId('alias-form').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Remove/ }).count()).toBe(0);
    expect(await page.getByTestId('model-history-table').locator('tbody tr').count()).toBe(8);
    await page.goto(`${f.base}/models/iris-lr/versions/1`);
    await settled(page);
    await page.locator('[data-testid=tag-table] tr[data-key=stage]').waitFor();
    expect(await page.getByTestId('tag-form').count()).toBe(0);
    expect(await page.getByTestId('card-edit').count()).toBe(0);
    expect(await page.locator('[data-part=summary] dd').textContent()).toContain('iris flowers');
    // The runs page leads to the searches and cross-validations.
    await page.goto(`${f.base}/runs`);
    await page.getByTestId('training-jobs-link').click();
    await page.waitForURL(/\/training\/jobs$/);
    await settled(page);
    const jobs = page.getByTestId('training-jobs-table');
    expect(
      (
        await jobs
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job')))
      ).sort(),
    ).toEqual([searchJob, cvJob].sort());
    expect(await page.getByTestId('train-modes').count()).toBe(0);
    await jobs.getByRole('link', { name: searchJob }).click();
    await page.getByTestId('trials-table').waitFor();
    expect(await page.locator('[data-testid=trials-table] tbody tr').count()).toBe(2);
    await page.goto(`${f.base}/training/new/search`);
    await page.getByTestId('page-denied').waitFor();
    await done(s);
  });

  it('the new pages: no serious accessibility violation, no overflow at 390 px, one language each', async () => {
    expect(cvJob).not.toBe('');
    const paths = [
      '/models/iris-lr',
      '/models/iris-lr/versions/1',
      '/training/new/search',
      '/training/new/cross-validation',
      '/training/jobs',
      `/training/jobs/${searchJob}`,
      `/training/jobs/${cvJob}`,
    ];
    for (const lang of ['zh', 'en'] as const) {
      const s = await signIn(f, f.ctx.ownerToken, { lang, width: 390 });
      for (const path of paths) {
        await s.page.goto(`${f.base}${path}`);
        await settled(s.page);
        await s.page.locator('h1').first().waitFor();
        expect(await overflows(s.page), `${path} overflows at 390 px`).toBe(false);
        expect(await seriousViolations(s.page, path)).toEqual([]);
        const text = await chromeText(s.page, PAGE_WORDS);
        expect(lang === 'zh' ? latinWords(text) : hanzi(text), `${lang} ${path}`).toEqual([]);
      }
      await done(s);
    }
  });
});
