import { existsSync } from 'node:fs';
import {
  buildServer,
  consoleDir,
  deploy,
  importDataset,
  seedChannelsDemo,
  startTraining,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleFixture {
  ctx: Awaited<ReturnType<typeof createTestContext>>;
  app: FastifyInstance;
  browser: Browser;
  base: string;
  close: () => Promise<void>;
}

/**
 * A real server over a workspace with a trained, deployed iris model on two endpoints and the
 * seeded channel year (six partners, 12 closed months), and Debian's Chromium. Plain code (no
 * vitest): `npm run screenshots` starts the same console.
 */
export async function startConsole(options: { seedYear?: boolean } = {}): Promise<ConsoleFixture> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}; apt-get install chromium`);
  if (!consoleDir()) throw new Error('the console is not built; run `npm run build` first');
  const ctx = await createTestContext();
  await importDataset(ctx, { name: 'iris', builtin: 'iris' });
  const job = await startTraining(ctx, {
    dataset: 'iris',
    model: 'logistic-regression',
    modelName: 'iris-lr',
    epochs: 2,
    learningRate: 0.1,
  });
  const trained = await ctx.jobs.waitFor(job.id);
  if (trained.status !== 'succeeded') throw new Error(`fixture training ${trained.status}`);
  await deploy(ctx, { name: 'iris', model: 'iris-lr', version: 1 });
  await deploy(ctx, { name: 'iris-pro', model: 'iris-lr', version: 1 });
  if (options.seedYear) await seedChannelsDemo(ctx, { endpoints: ['iris', 'iris-pro'] });
  const app = await buildServer(ctx);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  return {
    ctx,
    app,
    browser,
    base,
    close: async () => {
      await browser.close();
      await app.close();
      await ctx.dispose();
    },
  };
}

export interface SignedIn {
  page: Page;
  /** Every API call that answered 403 while the page was open: a page must never cause one. */
  forbidden: string[];
}

/**
 * A fresh browser profile signed in with `token`, as after pasting it on the sign-in page: the
 * server sets the httpOnly session cookie (no script or storage holds the token; docs/security.md).
 */
export async function signIn(
  f: ConsoleFixture,
  token: string,
  options: { lang?: 'en' | 'zh'; width?: number; path?: string } = {},
): Promise<SignedIn> {
  const context = await f.browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const lang = options.lang ?? 'en';
  // A string: the root tsconfig checks tests without the DOM library.
  await context.addInitScript(`localStorage.setItem('qudao.lang', ${JSON.stringify(lang)})`);
  // The profile's request context shares its cookie jar with its pages.
  const session = await context.request.post(`${f.base}/api/v1/console/session`, {
    data: { token },
  });
  if (session.status() !== 201) {
    throw new Error(`sign-in answered ${session.status()}: ${await session.text()}`);
  }
  const page = await context.newPage();
  const forbidden: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 403) forbidden.push(r.url());
  });
  await page.goto(`${f.base}${options.path ?? '/'}`);
  await page.getByTestId('role').waitFor();
  return { page, forbidden };
}

/** The nav links the signed-in role sees, as paths. */
export async function navPaths(page: Page): Promise<string[]> {
  return page
    .locator('#main-nav a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/** Whether the document is wider than the viewport (a horizontal scroll bar). */
export async function overflows(page: Page): Promise<boolean> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth + 1',
  )) as boolean;
}

/** Waits until the page has drawn its data (no spinner left); used by the screenshots too. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // After a client-side navigation networkidle has long been reached, and a page visited before
  // draws its cached rows, with no spinner, while it reads them again: wait for React to commit
  // (two frames) and then for the main region to say nothing is in flight (components/app-main).
  await page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
  );
  await page.locator('main[data-fetching]').waitFor({ state: 'detached', timeout: 20_000 });
  await page.locator('.spinner').first().waitFor({ state: 'detached', timeout: 20_000 });
}
