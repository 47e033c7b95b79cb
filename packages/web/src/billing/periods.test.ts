import { describe, expect, it } from 'vitest';
import { nextPeriod, periodLabel, totalsByCurrency } from './periods.ts';

describe('billing periods in the console', () => {
  it('proposes the month after the latest closed period, else the last complete month', () => {
    expect(nextPeriod('2026-03-01T00:00:00.000Z', new Date('2026-12-02T10:00:00Z'))).toEqual({
      start: '2026-03-01',
      end: '2026-04-01',
    });
    expect(nextPeriod(null, new Date('2026-01-15T10:00:00Z'))).toEqual({
      start: '2025-12-01',
      end: '2026-01-01',
    });
  });

  it('names a calendar month as a month, any other period by its two days', () => {
    expect(periodLabel('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', 'en-US')).toBe(
      'March 2026',
    );
    expect(periodLabel('2026-03-01T00:00:00.000Z', '2026-03-16T00:00:00.000Z', 'en-US')).toBe(
      'Mar 1, 2026 – Mar 16, 2026',
    );
    expect(periodLabel('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', 'zh-CN')).toBe(
      '2026年3月',
    );
  });

  it('sums money per currency and never across them', () => {
    expect(
      totalsByCurrency([
        { currency: 'USD', totalMinor: 100 },
        { currency: 'EUR', totalMinor: 7 },
        { currency: 'USD', totalMinor: 50 },
      ]),
    ).toEqual([
      ['EUR', 7],
      ['USD', 150],
    ]);
  });
});
