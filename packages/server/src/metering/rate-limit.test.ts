import { describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.ts';
import { TokenBuckets } from './rate-limit.ts';

describe('token buckets on the context clock', () => {
  it('refills at the rate as the clock moves, not as real time passes', () => {
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    const buckets = new TokenBuckets(clock);
    expect(buckets.take('k', 0.5, 2)).toEqual({ waitSeconds: 0, remaining: 1 });
    expect(buckets.take('k', 0.5, 2)).toEqual({ waitSeconds: 0, remaining: 0 });
    expect(buckets.take('k', 0.5, 2)).toEqual({ waitSeconds: 2, remaining: 0 });
    clock.advance(1000);
    expect(buckets.take('k', 0.5, 2)).toEqual({ waitSeconds: 1, remaining: 0 });
    clock.advance(1000);
    expect(buckets.take('k', 0.5, 2)).toEqual({ waitSeconds: 0, remaining: 0 });
    // Another key has its own full bucket.
    expect(buckets.take('other', 0.5, 2)).toEqual({ waitSeconds: 0, remaining: 1 });
  });

  it('never fills beyond the burst, however long the clock stood', () => {
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    const buckets = new TokenBuckets(clock);
    buckets.take('k', 10, 3);
    clock.advance(3_600_000);
    expect(buckets.take('k', 10, 3).remaining).toBe(2);
  });
});

describe('ManualClock', () => {
  it('moves only forward', () => {
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    clock.set('2030-02-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2030-02-01T00:00:00.000Z');
    expect(() => clock.set('2030-01-01T00:00:00Z')).toThrow('forward');
    expect(() => new ManualClock('not a date')).toThrow('not an instant');
  });
});
