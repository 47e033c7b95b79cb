import { describe, expect, it } from 'vitest';
import { BatchQueue, type Chunk } from './batch-queue.ts';
import { LatencyModel } from './latency-model.ts';
import type { RuntimeModel } from './runtime.types.ts';

const model: RuntimeModel = {
  key: 'mv_1',
  label: { model: 'digits', version: 1 },
  dir: '/nowhere',
  format: 'tfjs',
  rowShape: [2],
};

function queue(settings = { maxBatchRows: 8, maxDelayMs: 5, maxQueueRows: 100 }) {
  return new BatchQueue('k', 'digits', model, settings);
}

const chunk = (rows: number, at: number): Chunk => ({
  rows,
  item: { kind: 'tensor', rows, data: new Float32Array(rows * 2) },
  enqueuedAt: at,
  resolve: () => {},
  reject: () => {},
});

describe('the batching policy', () => {
  it('sends a full batch at once, busy worker or not, and never takes more rows than the max', () => {
    const q = queue();
    q.push(chunk(5, 0));
    q.push(chunk(2, 0));
    q.push(chunk(3, 0));
    expect(q.decide(0, false)).toEqual({ kind: 'dispatch', reason: 'full' });
    expect(q.take().map((c) => c.rows)).toEqual([5, 2]);
    expect(q.rows).toBe(3);
    expect(q.take().map((c) => c.rows)).toEqual([3]);
  });

  it('holds rows while every worker is busy (the batch grows), whatever the delay', () => {
    const q = queue();
    q.push(chunk(1, 0));
    expect(q.decide(100, false)).toEqual({ kind: 'hold' });
  });

  it('runs a lone row at once when no other row is expected within a batch fixed cost', () => {
    const q = queue();
    q.latency.record(1, 0.5);
    q.push(chunk(1, 0));
    expect(q.decide(0.1, true)).toEqual({ kind: 'dispatch', reason: 'idle' });
  });

  it('waits up to the fixed cost b when rows arrive fast, and no longer than the max delay', () => {
    const q = queue({ maxBatchRows: 64, maxDelayMs: 2, maxQueueRows: 1000 });
    // Batches of 1 row: 1.1 ms, of 33: 4.3 ms: a = 0.1 ms a row, b = 1 ms.
    for (let i = 0; i < 4; i++) {
      q.latency.record(1, 1.1);
      q.latency.record(33, 4.3);
    }
    expect(q.latency.coefficients.a).toBeCloseTo(0.1, 6);
    expect(q.latency.coefficients.b).toBeCloseTo(1, 6);
    for (let i = 0; i < 10; i++) q.push(chunk(1, i * 0.05)); // 20 rows a ms
    const first = q.decide(0.5, true);
    expect(first.kind === 'wait' && first.untilMs).toBeCloseTo(1.5, 9);
    expect(q.decide(1, true)).toEqual(first);
    expect(q.decide(1.51, true)).toEqual({ kind: 'dispatch', reason: 'deadline' });
  });

  it('never waits past the endpoint max queue delay', () => {
    const q = queue({ maxBatchRows: 64, maxDelayMs: 0.5, maxQueueRows: 1000 });
    q.latency.record(1, 1.1);
    q.latency.record(33, 4.3);
    for (let i = 0; i < 10; i++) q.push(chunk(1, i * 0.01));
    const d = q.decide(0.1, true);
    expect(d.kind === 'wait' && d.untilMs).toBeCloseTo(0.5, 9);
    expect(q.decide(0.5, true)).toEqual({ kind: 'dispatch', reason: 'deadline' });
  });

  it('a max delay of 0 never waits', () => {
    const q = queue({ maxBatchRows: 64, maxDelayMs: 0, maxQueueRows: 1000 });
    q.latency.record(1, 5);
    for (let i = 0; i < 10; i++) q.push(chunk(1, i * 0.01));
    expect(q.decide(0.1, true)).toEqual({ kind: 'dispatch', reason: 'deadline' });
  });
});

describe('the latency model a·n+b', () => {
  it('fits recent batches by least squares and forgets old ones', () => {
    const m = new LatencyModel(4);
    for (const [n, ms] of [
      [1, 100],
      [2, 100],
    ])
      m.record(n!, ms!);
    for (const [n, ms] of [
      [1, 2.5],
      [4, 4],
      [8, 6],
      [16, 10],
    ])
      m.record(n!, ms!);
    expect(m.coefficients.a).toBeCloseTo(0.5, 6);
    expect(m.coefficients.b).toBeCloseTo(2, 6);
    expect(m.predict(32)).toBeCloseTo(18, 6);
  });
});
