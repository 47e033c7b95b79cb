import { readFile } from 'node:fs/promises';
import { importDataset, startTraining } from '@qudao/server';
import { writeMnistSubset } from '@qudao/server/testing';
import type { Page } from 'playwright-core';
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

/** The page's words, with its headings of cards and stats. */
const PAGE_WORDS = [...CHROME, 'h3', 'dt', '.stat-label'];

const OFFLINE = '/models/digits/versions/1/offline';

/** Waits for the version to be loaded by TensorFlow.js in the page (or to fail). */
async function modelLoaded(page: Page): Promise<string> {
  const load = page.getByTestId('offline-load');
  await expect
    .poll(() => load.getAttribute('data-state'), { timeout: 60_000 })
    .toMatch(/ready|failed/);
  return (await load.getAttribute('data-state')) ?? '';
}

/** Draws a "1": one vertical stroke down the middle of the canvas. */
async function drawOne(page: Page) {
  const box = (await page.getByTestId('playground-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + (0.7 * i) / 12));
  }
  await page.mouse.up();
}

/** The browser's and the server's labels and the largest difference the page shows. */
async function comparison(page: Page) {
  await page.getByTestId('offline-compare').waitFor({ timeout: 30_000 });
  return {
    browser: (await page.getByTestId('offline-browser-label').textContent())?.trim(),
    server: (await page.getByTestId('offline-server-label').textContent())?.trim(),
    agree: await page.getByTestId('offline-agree').getAttribute('data-agree'),
    maxDiff: Number((await page.getByTestId('offline-max-diff').textContent())?.trim()),
  };
}

/** The offline demo: a registry version run with TensorFlow.js in Chromium, beside its endpoint. */
describe('console offline model demo', () => {
  let f: ConsoleFixture;
  let analystToken = '';
  const owner = () => ({ authorization: `Bearer ${f.ctx.ownerToken}` });

  beforeAll(async () => {
    f = await startConsole();
    const files = await writeMnistSubset(f.ctx.paths.tmp, 1000);
    await importDataset(f.ctx, { name: 'mnist', idx: files });
    const job = await startTraining(f.ctx, {
      dataset: 'mnist',
      model: 'mlp',
      modelName: 'digits',
      epochs: 3,
      batchSize: 32,
    });
    expect((await f.ctx.jobs.waitFor(job.id)).status).toBe('succeeded');
    const onnx = await readFile(new URL('fixtures/onnx/digits-cnn.onnx', import.meta.url));
    const imported = await f.app.inject({
      method: 'POST',
      url: '/api/v1/models/digits-onnx/onnx?kind=image&classes=0,1,2,3,4,5,6,7,8,9',
      headers: { ...owner(), 'content-type': 'application/octet-stream' },
      payload: onnx,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const created = await f.app.inject({
      method: 'POST',
      url: '/api/v1/access-tokens',
      headers: owner(),
      payload: { role: 'analyst', name: 'offline' },
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

  it('loads TensorFlow.js only on the offline page, shows the weights and says no endpoint serves it', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/models/digits/versions/1' });
    const { page } = s;
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await settled(page);
    const before = new Set(scripts);
    await page.getByTestId('version-offline').click();
    await page.waitForURL(/\/offline$/);
    expect(await modelLoaded(page)).toBe('ready');
    // The library, the custom layers and the page came as chunks of their own, after the click.
    const lazy = scripts.filter((p) => !before.has(p));
    expect(lazy.length).toBeGreaterThanOrEqual(2);
    const weights = await f.app.inject({
      url: '/api/v1/models/digits/versions/1/tfjs/weights.bin',
      headers: owner(),
    });
    const hint = (await page.getByTestId('offline-weights').textContent()) ?? '';
    expect(Number(/([\d,]+) bytes/.exec(hint)?.[1]?.replace(/,/g, ''))).toBe(
      weights.rawPayload.byteLength,
    );
    expect(await page.getByTestId('offline-load-time').textContent()).toMatch(/\d ms/);
    expect(await page.getByTestId('offline-no-endpoint').textContent()).toContain(
      'No endpoint serves this version',
    );
    // A sample of the version's own data set: the browser answers, nothing is compared.
    const sample = page.getByTestId('offline-samples').locator('button').first();
    await sample.click();
    await page.getByTestId('offline-browser-label').waitFor();
    expect(await sample.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('offline-browser-time').textContent()).toMatch(/ms in this/);
    expect(await page.getByTestId('offline-compare').count()).toBe(0);
    await done(s);
  });

  it('answers a drawn digit and a sample as the endpoint does: same label, probabilities within 1e-3', async () => {
    const deployed = await f.app.inject({
      method: 'POST',
      url: '/api/v1/endpoints',
      headers: owner(),
      payload: { name: 'digits', model: 'digits', version: 1 },
    });
    expect(deployed.statusCode, deployed.body).toBe(201);
    const s = await signIn(f, f.ctx.ownerToken, { path: OFFLINE });
    const { page } = s;
    expect(await modelLoaded(page)).toBe('ready');
    await drawOne(page);
    await page.getByTestId('offline-predict').click();
    const drawn = await comparison(page);
    expect(drawn.browser).toBe(drawn.server);
    expect(drawn.agree).toBe('true');
    expect(drawn.maxDiff).toBeLessThan(1e-3);
    expect(await page.getByTestId('offline-classes').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('offline-server-time').textContent()).toContain('digits');

    for (const index of [1, 2]) {
      await page.getByTestId('offline-samples').locator('button').nth(index).click();
      const picked = await comparison(page);
      expect(picked.browser).toBe(picked.server);
      expect(picked.maxDiff).toBeLessThan(1e-3);
    }
    await done(s);
  });

  it('shows the stable code for an ONNX version and an unknown one, and a tabular version says images only', async () => {
    const s = await signIn(f, f.ctx.ownerToken, { path: '/models/digits-onnx/versions/1/offline' });
    const { page } = s;
    expect(await modelLoaded(page)).toBe('failed');
    const error = page.getByTestId('error-box');
    expect(await error.getAttribute('data-code')).toBe('registry.no_tfjs_files');
    expect(await error.textContent()).toContain('imported from ONNX');
    expect(await page.getByTestId('offline-predict').count()).toBe(0);

    await page.goto(`${f.base}/models/digits/versions/9/offline`);
    await page.locator('[data-testid=error-box][data-code="registry.version_not_found"]').waitFor();

    await page.goto(`${f.base}/models/iris-lr/versions/1/offline`);
    const notImage = page.getByTestId('offline-not-image');
    await notImage.waitFor();
    expect(await notImage.getAttribute('data-kind')).toBe('tabular');
    // The version page of a tabular model offers no link to the demo.
    await page.goto(`${f.base}/models/iris-lr/versions/1`);
    await settled(page);
    await page.getByTestId('version-facts').waitFor();
    expect(await page.getByTestId('version-offline').count()).toBe(0);
    await done(s);
  });

  it('an analyst runs the model in the browser; the page says the role may not call the endpoint', async () => {
    const s = await signIn(f, analystToken, { path: OFFLINE });
    const { page } = s;
    expect(await modelLoaded(page)).toBe('ready');
    expect(await page.getByTestId('offline-server-denied').count()).toBe(1);
    await page.getByTestId('offline-samples').locator('button').first().click();
    await page.getByTestId('offline-browser-label').waitFor();
    await done(s);
  });

  it('the page: no serious accessibility violation, no overflow at 390 px, one language each', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const s = await signIn(f, f.ctx.ownerToken, { lang, width: 390 });
      for (const path of [OFFLINE, '/models/digits-onnx/versions/1/offline']) {
        await s.page.goto(`${f.base}${path}`);
        const state = await modelLoaded(s.page);
        if (state === 'ready') {
          await s.page.getByTestId('offline-samples').locator('button').first().click();
          await s.page.getByTestId('offline-browser-label').waitFor();
        }
        await settled(s.page);
        expect(await overflows(s.page), `${path} overflows at 390 px`).toBe(false);
        expect(await seriousViolations(s.page, path)).toEqual([]);
        const text = await chromeText(s.page, PAGE_WORDS);
        expect(lang === 'zh' ? latinWords(text) : hanzi(text), `${lang} ${path}`).toEqual([]);
      }
      await done(s);
    }
  });
});
