import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildServer, seedChannelsDemo } from '@qudao/server';
import { createTestContext, ManualClock } from '@qudao/server/testing';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const qudao = path.resolve(import.meta.dirname, '../bin/qudao.js');

/** The report without a period covers the last complete month, not the current, empty one. */
describe('channel report: the default period', () => {
  it('is the last complete month (and mtd the month so far), on the context clock', async () => {
    const clock = new ManualClock('2026-01-15T09:30:00.000Z');
    const ctx = await createTestContext({ clock });
    const app = await buildServer(ctx);
    try {
      for (const name of ['digits', 'digits-pro']) {
        await ctx.db
          .insertInto('endpoints')
          .values({
            id: `ep_${name}`,
            name,
            model_version_id: 'mv',
            status: 'active',
            created_at: '2025-01-01T00:00:00.000Z',
            updated_at: '2025-01-01T00:00:00.000Z',
          })
          .execute();
      }
      const seeded = await seedChannelsDemo(ctx, {
        endpoints: ['digits', 'digits-pro'],
        now: clock.now(),
      });
      const get = async (query = '') =>
        (
          await app.inject({
            url: `/api/v1/reports/channels${query}`,
            headers: { authorization: `Bearer ${ctx.ownerToken}` },
          })
        ).json();
      const r = await get();
      expect(r.period).toEqual({
        start: '2025-12-01T00:00:00.000Z',
        end: '2026-01-01T00:00:00.000Z',
        label: '2025-12',
        kind: 'month',
      });
      const invoiced = seeded.lastPeriod.invoices.reduce((s, i) => s + i.totalMinor, 0);
      expect(invoiced).toBeGreaterThan(0);
      expect(r.profitability.totals).toEqual([
        expect.objectContaining({ currency: 'USD', revenueMinor: invoiced }),
      ]);
      expect(r.profitability.byChannel.length).toBeGreaterThan(1);
      expect(r.marketCoverage.activeCustomers).toBeGreaterThan(0);
      const mtd = await get('?period=mtd');
      expect(mtd.period).toEqual({
        start: '2026-01-01T00:00:00.000Z',
        end: '2026-01-15T09:30:00.000Z',
        label: '2026-01 (month to date)',
        kind: 'month_to_date',
      });
    } finally {
      await app.close();
      await ctx.dispose();
    }
  });

  // The demo seeds the two-year company and trains the intelligence models: about 80 s on two
  // busy cores, so it gets more than the suite's default two minutes.
  it('shows numbers after `qudao demo --channels`', { timeout: 360_000 }, async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'qudao-cli-'));
    try {
      await run('node', [qudao, '--home', home, 'demo', '--channels'], { timeout: 300_000 });
      const { stdout } = await run('node', [qudao, '--home', home, 'report', 'channels', '--json']);
      const r = JSON.parse(stdout);
      const now = new Date();
      const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
      expect(r.period).toMatchObject({ kind: 'month', label: last.toISOString().slice(0, 7) });
      expect(r.profitability.totals[0].revenueMinor).toBeGreaterThan(0);
      expect(r.salesEfficiency.won + r.salesEfficiency.lost).toBeGreaterThan(0);
      const text = (await run('node', [qudao, '--home', home, 'report', 'channels'])).stdout;
      expect(text).toContain(`Channel report ${last.toISOString().slice(0, 7)}`);
      expect(text).toMatch(/6 profitability\s+revenue [1-9]\d*\.\d\d USD/);
      expect(r.intelligence.models).toHaveLength(7);
      expect(text).toMatch(/7 intelligence\s+refresh ref_/);
      expect(text).toContain('top churn risks (intelligence-churn@1)');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
