import {
  buildServer,
  createCustomer,
  createPartner,
  createPlan,
  createProduct,
  subscribe,
} from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { describe, expect, it } from 'vitest';

/** Two partners may share a name: the report keeps them apart by id, never adds them up. */
describe('channel report: partners with the same name', () => {
  it('gives each partner its own row, named and identified', async () => {
    const ctx = await createTestContext();
    const app = await buildServer(ctx);
    try {
      const now = new Date().toISOString();
      for (const name of ['small', 'large']) {
        await ctx.db
          .insertInto('endpoints')
          .values({
            id: `ep_${name}`,
            name,
            model_version_id: 'mv',
            status: 'active',
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      const small = await createPlan(ctx, {
        name: 'Small',
        currency: 'USD',
        monthlyFeeMinor: 3000,
      });
      const large = await createPlan(ctx, {
        name: 'Large',
        currency: 'USD',
        monthlyFeeMinor: 9000,
      });
      const p1 = await createProduct(ctx, { name: 'S', endpoint: 'small', plan: small.id });
      const p2 = await createProduct(ctx, { name: 'L', endpoint: 'large', plan: large.id });
      const east = await createPartner(ctx, { name: 'Acme' });
      const west = await createPartner(ctx, { name: 'Acme' });
      const a = await createCustomer(ctx, { name: 'A', partnerId: east.id });
      const b = await createCustomer(ctx, { name: 'B', partnerId: west.id });
      await subscribe(ctx, a.id, { productId: p1.id, startedAt: '2025-01-01T00:00:00Z' });
      await subscribe(ctx, b.id, { productId: p2.id, startedAt: '2025-01-01T00:00:00Z' });
      const report = (
        await app.inject({
          url: '/api/v1/reports/channels?period=2025-03',
          headers: { authorization: `Bearer ${ctx.ownerToken}` },
        })
      ).json() as {
        profitability: {
          byPartner: { name: string; partnerId?: string | null; revenueMinor: number }[];
        };
      };
      const rows = report.profitability.byPartner
        .filter((r) => r.partnerId)
        .map((r) => [r.partnerId, r.name, r.revenueMinor]);
      expect(rows).toEqual([
        [west.id, 'Acme', 9000],
        [east.id, 'Acme', 3000],
      ]);
    } finally {
      await app.close();
      await ctx.dispose();
    }
  });
});
