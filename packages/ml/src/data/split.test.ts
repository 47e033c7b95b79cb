import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split.ts';

const labels = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 10 === 0 ? 9 : i % 9));

describe('stratifiedSplit', () => {
  it('gives the same split for the same seed and another for another seed', () => {
    const a = stratifiedSplit(labels, { testFraction: 0.2, seed: 1 });
    const b = stratifiedSplit(labels, { testFraction: 0.2, seed: 1 });
    const c = stratifiedSplit(labels, { testFraction: 0.2, seed: 2 });
    expect(a).toEqual(b);
    expect(a.test).not.toEqual(c.test);
  });

  it('covers every row exactly once with no overlap', () => {
    const s = stratifiedSplit(labels, { testFraction: 0.2, validationFraction: 0.1, seed: 3 });
    const all = [...s.train, ...s.validation, ...s.test].sort((x, y) => x - y);
    expect(all).toEqual(labels.map((_, i) => i));
    expect(s.test.length).toBe(200);
    expect(s.validation.length).toBe(100);
  });

  it('keeps each class in proportion', () => {
    const s = stratifiedSplit(labels, { testFraction: 0.2, seed: 4 });
    const classes = [...new Set(labels)];
    for (const c of classes) {
      const total = labels.filter((l) => l === c).length;
      const inTest = s.test.filter((i) => labels[i] === c).length;
      expect(Math.abs(inTest - total * 0.2)).toBeLessThanOrEqual(1);
    }
  });

  it('rejects fractions that leave nothing to train on', () => {
    expect(() =>
      stratifiedSplit(labels, { testFraction: 0.6, validationFraction: 0.5, seed: 1 }),
    ).toThrow(RangeError);
  });
});
