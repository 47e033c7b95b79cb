import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionLogTable } from '../db/schema.ts';
import { createTestContext } from '../testing/index.ts';

const row = (id: string): PredictionLogTable => ({
  id,
  endpoint_id: 'ep_1',
  endpoint: 'flowers',
  model_version_id: 'mv_1',
  model: 'iris-lr',
  version: 1,
  arm: 'canary',
  shadow_of: null,
  caller: 'owner',
  customer_id: null,
  partner_id: null,
  at: '2026-03-02T10:00:00.000Z',
  day: '2026-03-02',
  latency_ms: 1,
  status: 200,
  error_code: null,
  rows: 1,
  input_kind: 'none',
  input: null,
  output_json: null,
  agrees: null,
});

/** Fails instead of hanging the suite when a flush never settles. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`not settled in ${ms} ms`)), ms),
    ),
  ]);

describe('the prediction log writer', () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  // The upgrade loop judges canaries in a `flushed` hook, and judging reads the log (flushing
  // it first): a flush that waited for its own hooks deadlocked every later call and the close.
  it('lets a hook that reads the log flush it again, and sees the rows written', async () => {
    const seen: number[] = [];
    let calls = 0;
    const off = ctx.monitoring.on('flushed', async () => {
      if (calls++ === 0) ctx.monitoring.log.add(() => row('pr_inner'));
      await ctx.monitoring.log.flush(false);
      seen.push(
        (await ctx.db.selectFrom('prediction_log').select('id').execute()).map((r) => r.id).length,
      );
    });
    ctx.monitoring.log.add(() => row('pr_outer'));
    await within(ctx.monitoring.log.flush(), 5000);
    off();
    // The hook's own flush wrote its row, which fired the hook once more (nested, seeing both
    // rows); then the outer hook read both rows too. Nothing waited on itself.
    expect(calls).toBe(2);
    expect(seen).toEqual([2, 2]);
    const ids = (await ctx.db.selectFrom('prediction_log').select('id').execute()).map((r) => r.id);
    expect(ids).toContain('pr_outer');
    expect(ids).toContain('pr_inner');
    await within(ctx.monitoring.log.flush(), 5000);
  });
});
