import { seedChannelsDemo } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { describe, expect, it } from 'vitest';

/** `qudao demo --channels`: the same seed gives the same year, to the cent. */
describe('channels demo data', () => {
  async function seeded(seed: number) {
    const ctx = await createTestContext();
    try {
      const now = new Date().toISOString();
      for (const name of ['digits', 'digits-pro']) {
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
      const result = await seedChannelsDemo(ctx, {
        endpoints: ['digits', 'digits-pro'],
        seed,
        now: new Date('2026-01-15T00:00:00Z'),
      });
      const invoices = await ctx.db
        .selectFrom('invoices')
        .select((eb) => eb.fn.sum<number>('total_minor').as('t'))
        .executeTakeFirstOrThrow();
      const commissions = await ctx.db
        .selectFrom('commission_statements')
        .select((eb) => eb.fn.sum<number>('total_minor').as('t'))
        .executeTakeFirstOrThrow();
      return { ...result, invoiced: Number(invoices.t), commissions: Number(commissions.t) };
    } finally {
      await ctx.dispose();
    }
  }

  it('is reproducible from its seed and closes twelve months', async () => {
    const a = await seeded(42);
    const b = await seeded(42);
    expect(a.periods).toBe(12);
    expect(a.lastPeriod.start).toBe('2025-12-01T00:00:00.000Z');
    expect([a.partners, a.customers]).toEqual([6, 36]);
    expect(a.invoiced).toBeGreaterThan(0);
    expect(a.commissions).toBeGreaterThan(0);
    expect([b.invoiced, b.commissions, b.usageEvents, b.deals]).toEqual([
      a.invoiced,
      a.commissions,
      a.usageEvents,
      a.deals,
    ]);
  });
});
