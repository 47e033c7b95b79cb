import { describe, expect, it } from 'vitest';
import { monthsEnding } from '../channels/months.ts';
import { formatMoney, minorDigits, toMinor } from './money.ts';

describe('money in forms', () => {
  it('turns typed amounts into minor units of the currency', () => {
    expect(toMinor('12.5', 'CNY')).toBe(1250);
    expect(toMinor('0.05', 'USD')).toBe(5);
    expect(toMinor('300', 'JPY')).toBe(300);
    expect(minorDigits('JPY')).toBe(0);
    expect(toMinor('-1', 'USD')).toBeNaN();
    expect(toMinor('abc', 'USD')).toBeNaN();
  });

  it('formats minor units in the locale', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(1250, 'CNY', 'zh-CN')).toBe('¥12.50');
  });

  it('lists the 12 months ending with a month, across a year end', () => {
    const months = monthsEnding('2026-02');
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-03');
    expect(months.at(-1)).toBe('2026-02');
  });
});
