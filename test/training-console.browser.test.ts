import { existsSync } from 'node:fs';
import {
  buildServer,
  consoleDir,
  createConsoleSignInCode,
  importDataset,
  startTraining,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The console's Runs page: the runs table, a run's curves and its confusion matrix. */
describe('training runs in the console', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}; apt-get install chromium`);
    if (!consoleDir()) throw new Error('the console is not built; run `npm run build` first');
    ctx = await createTestContext();
    await importDataset(ctx, { name: 'iris', builtin: 'iris' });
    const job = await startTraining(ctx, {
      dataset: 'iris',
      model: 'logistic-regression',
      epochs: 4,
      learningRate: 0.1,
    });
    expect((await ctx.jobs.waitFor(job.id)).status).toBe('succeeded');
    app = await buildServer(ctx);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await ctx?.dispose();
  });

  it('shows the run with its loss curve and confusion matrix', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/?signin=${createConsoleSignInCode(ctx)}#/runs`);
    await page.waitForSelector('[data-testid=runs-table] tbody tr');
    expect(await page.locator('[data-testid=runs-table] tbody tr').count()).toBe(1);
    const curve = await page.locator('[data-testid=training-chart] path').first().getAttribute('d');
    expect(curve!.split('L')).toHaveLength(4);
    const cells = await page.locator('[data-testid=confusion-matrix] tbody td').allTextContents();
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(30);
    await page.close();
  });
});
