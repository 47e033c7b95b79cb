/**
 * `npm run screenshots`: the console's main pages for each role, in English and Chinese, at
 * 1280 px and 390 px, into docs/screenshots/ (README and docs/console.md link them). Starts the
 * browser tests' console: a trained iris model on two endpoints and the seeded channel year.
 * `--smoke`: one page, into a temporary folder (proves the script runs).
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settled, signIn, startConsole } from '../test/console/console-fixture.ts';

const smoke = process.argv.includes('--smoke');
const out = smoke
  ? await mkdtemp(path.join(tmpdir(), 'qudao-shots-'))
  : path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');

const PAGES: Record<'owner' | 'partner' | 'customer', [name: string, path: string][]> = {
  owner: [
    ['overview', '/'],
    ['channels', '/channels'],
    ['partners', '/partners'],
    ['plans', '/plans'],
    ['train', '/training/new'],
    ['runs', '/runs'],
    ['endpoints', '/endpoints'],
    ['datasets', '/datasets'],
    ['dataset', '/datasets/iris'],
    ['endpoint', '/endpoints/iris'],
    ['compare', '/runs/compare'],
    ['applications', '/applications'],
    ['pipeline', '/deals'],
    ['billing', '/billing'],
    ['team', '/team'],
  ],
  partner: [
    ['portal', '/portal'],
    ['deals', '/portal/deals'],
    ['programme', '/portal/programme'],
  ],
  customer: [['account', '/account']],
};

await mkdir(out, { recursive: true });
const f = await startConsole({ seedYear: !smoke });
try {
  const owner = { authorization: `Bearer ${f.ctx.ownerToken}` };
  const partners = (await f.app.inject({ url: '/api/v1/partners', headers: owner })).json() as {
    id: string;
  }[];
  const tokens: Record<string, string> = { owner: f.ctx.ownerToken };
  if (!smoke) {
    const partnerId = partners[0]!.id;
    tokens.partner = (
      (
        await f.app.inject({
          method: 'POST',
          url: '/api/v1/access-tokens',
          headers: owner,
          payload: { role: 'partner', name: 'screenshots', partnerId },
        })
      ).json() as { token: string }
    ).token;
    const customers = (await f.app.inject({ url: '/api/v1/customers', headers: owner })).json() as {
      id: string;
      partnerId: string | null;
    }[];
    const customer = customers.find((c) => c.partnerId === partnerId)!;
    tokens.customer = (
      (
        await f.app.inject({
          method: 'POST',
          url: `/api/v1/customers/${customer.id}/keys`,
          headers: owner,
          payload: { name: 'screenshots' },
        })
      ).json() as { key: string }
    ).key;
  }
  let count = 0;
  for (const [role, pages] of Object.entries(PAGES)) {
    const token = tokens[role];
    if (!token) continue;
    for (const lang of ['en', 'zh'] as const) {
      for (const width of [1280, 390]) {
        const { page } = await signIn(f, token, { lang, width });
        for (const [name, url] of smoke ? pages.slice(0, 1) : pages) {
          await page.goto(`${f.base}${url}`);
          await settled(page);
          // Charts animate in; let them finish before the picture.
          await page.waitForTimeout(name === 'channels' ? 1200 : 200);
          const file = path.join(out, `${role}-${name}-${lang}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          count++;
        }
        await page.context().close();
        if (smoke) break;
      }
      if (smoke) break;
    }
  }
  console.log(`screenshots: ${count} pages into ${path.relative(process.cwd(), out) || out}`);
} finally {
  await f.close();
}
