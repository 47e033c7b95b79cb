import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageEventTable } from '../db/schema.ts';
import { createTestContext } from '../testing/index.ts';
import { UsageWriter } from './usage-writer.ts';

let n = 0;
const event = (): UsageEventTable => ({
  id: `evt_writer_${++n}`,
  endpoint_id: 'ep_1',
  customer_id: 'cus_1',
  partner_id: null,
  api_key_id: 'key_1',
  occurred_at: '2030-01-01T00:00:00.000Z',
  latency_ms: 1,
  type: 'qudao.generation',
  source: '/endpoints/writer',
  quantity: 1,
  product_id: 'prd_1',
  idempotency_key: null,
  data_json: '{}',
  input_tokens: 3,
  output_tokens: 5,
  cost_milli_minor: 44,
  budget_id: null,
});

describe('UsageWriter', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx.dispose();
  });

  const count = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('usage_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', 'like', 'evt_writer_%')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('commits a `soon` write in this turn of the event loop, a plain one in the next', async () => {
    const writer = new UsageWriter(ctx.db);
    const order: string[] = [];
    setImmediate(() => order.push('next turn'));
    const plain = writer.write(event(), null).then(() => order.push('plain'));
    const soon = writer.write(event(), null, { soon: true }).then(() => order.push('soon'));
    await Promise.all([plain, soon]);
    // The soon flush took both pending events in one transaction, before the next turn.
    expect(order).toEqual(['plain', 'soon']);
    await new Promise<void>((r) => setImmediate(r));
    expect(order).toEqual(['plain', 'soon', 'next turn']);
    expect(await count()).toBe(2);
  });

  it('groups the writes of one turn into one commit and writes each exactly once', async () => {
    const before = await count();
    const writer = new UsageWriter(ctx.db, 4);
    await Promise.all([
      ...Array.from({ length: 9 }, () => writer.write(event(), null)),
      ...Array.from({ length: 3 }, () => writer.write(event(), null, { soon: true })),
    ]);
    expect((await count()) - before).toBe(12);
  });
});
