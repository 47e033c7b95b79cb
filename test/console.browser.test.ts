import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  buildServer,
  consoleDir,
  createConsoleSignInCode,
  deploy,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext, writeMnistSubset } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settled } from './console/console-fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('test-results');

/** Opens the real console in Debian's Chromium and makes one prediction in the playground. */
describe('console in a browser', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}; apt-get install chromium`);
    if (!consoleDir()) throw new Error('the console is not built; run `npm run build` first');
    ctx = await createTestContext();
    const files = await writeMnistSubset(ctx.paths.tmp, 1500);
    await importDataset(ctx, { name: 'mnist', idx: files });
    const job = await startTraining(ctx, {
      dataset: 'mnist',
      model: 'mlp',
      modelName: 'mnist-mlp',
      epochs: 5,
      batchSize: 32,
    });
    expect((await ctx.jobs.waitFor(job.id)).status).toBe('succeeded');
    await deploy(ctx, { name: 'mnist', model: 'mnist-mlp', version: 1 });
    app = await buildServer(ctx);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await ctx?.dispose();
  });

  it('serves index.html for client-side routes and JSON 404s under /api', async () => {
    const page = await fetch(`${base}/some/console/route`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${base}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe(
      'request.route_not_found',
    );
  });

  it('asks for the token URL when opened without one', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.getByTestId('token-required').waitFor();
    await page.close();
  });

  it('lists the model with its metrics', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/?signin=${createConsoleSignInCode(ctx)}#/models`);
    const table = page.getByTestId('models-table');
    await table.waitFor();
    await expect.poll(() => table.textContent()).toContain('mnist-mlp');
    await page.screenshot({ path: path.join(SHOTS, 'console-models.png'), fullPage: true });
    await page.close();
  });

  it('marks the main region while a read is in flight (what settled() waits for)', async () => {
    const page = await browser.newPage();
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    let heldCalls = 0;
    await page.route(
      (url) => url.pathname === '/api/v1/models',
      async (route) => {
        heldCalls++;
        await held;
        await route.continue();
      },
    );
    await page.goto(`${base}/?signin=${createConsoleSignInCode(ctx)}#/models`);
    await page.locator('main[data-fetching]').waitFor();
    expect(heldCalls).toBeGreaterThan(0);
    expect(await page.getByTestId('models-table').count()).toBe(0);
    release();
    await settled(page);
    expect(await page.locator('main[data-fetching]').count()).toBe(0);
    expect(await page.getByTestId('models-table').textContent()).toContain('mnist-mlp');
    await page.close();
  });

  it('predicts a drawn digit in the playground', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/?signin=${createConsoleSignInCode(ctx)}#/playground?endpoint=mnist`);
    const canvas = page.getByTestId('playground-canvas');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    // Draw a "1": one vertical stroke down the middle.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + (0.7 * i) / 12));
    }
    await page.mouse.up();
    await page.getByTestId('playground-predict').click();
    const result = page.getByTestId('playground-result');
    await expect
      .poll(async () => (await result.textContent())?.trim(), { timeout: 15_000 })
      .toBe('1');
    await page.screenshot({ path: path.join(SHOTS, 'console-playground.png'), fullPage: true });
    await page.close();
    // Owner test calls from the playground are not billed.
    const events = await ctx.db.selectFrom('usage_events').selectAll().execute();
    expect(events).toHaveLength(0);
  });
});
